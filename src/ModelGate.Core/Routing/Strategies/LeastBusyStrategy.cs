using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing.Strategies;

/// <summary>Fewest requests in flight first; ties keep the configured order.</summary>
public sealed class LeastBusyStrategy : IRoutingStrategy
{
    public string Name => "least-busy";

    public IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context) =>
        deployments.OrderBy(d => context.Health.Snapshot(d.Key).InFlight).ToList();
}
