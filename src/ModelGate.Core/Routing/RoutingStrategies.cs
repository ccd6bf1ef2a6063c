using ModelGate.Core.Routing.Strategies;

namespace ModelGate.Core.Routing;

/// <summary>The strategies a model may name in config.</summary>
public static class RoutingStrategies
{
    public const string Default = "priority";

    public static readonly IReadOnlyDictionary<string, IRoutingStrategy> ByName =
        new IRoutingStrategy[] { new PriorityStrategy(), new WeightedStrategy(), new LeastBusyStrategy(), new LeastLatencyStrategy(), new LowestCostStrategy() }
            .ToDictionary(strategy => strategy.Name, StringComparer.Ordinal);
}
