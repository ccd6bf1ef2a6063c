using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing.Strategies;

/// <summary>The order written in config: the first deployment takes everything, the others are its fallbacks.</summary>
public sealed class PriorityStrategy : IRoutingStrategy
{
    public string Name => "priority";

    public IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context) => deployments;
}
