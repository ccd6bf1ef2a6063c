using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing.Strategies;

/// <summary>
/// Cheapest first for this request's estimated tokens. A deployment with no known price is never taken for free:
/// it comes after every priced one. Ties keep the configured order.
/// </summary>
public sealed class LowestCostStrategy : IRoutingStrategy
{
    public string Name => "lowest-cost";

    public IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context) =>
        deployments.OrderBy(d => context.Prices.For(d) is { } price ? context.Tokens.CostAt(price) : decimal.MaxValue).ToList();
}
