using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing.Strategies;

/// <summary>
/// By <c>priority</c> (lower first), then in the order written in config: the first deployment takes everything, the
/// others are its fallbacks.
/// </summary>
public sealed class PriorityStrategy : IRoutingStrategy
{
    public string Name => "priority";

    public IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context) =>
        deployments.Any(d => d.Priority != 0) ? deployments.OrderBy(d => d.Priority).ToList() : deployments;
}
