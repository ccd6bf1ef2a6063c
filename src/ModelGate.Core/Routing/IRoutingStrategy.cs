using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing;

/// <summary>Orders a model's deployments for one request: the attempt loop tries them in that order.</summary>
public interface IRoutingStrategy
{
    /// <summary>The name used for it in config (<c>strategy:</c>).</summary>
    string Name { get; }

    IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context);
}

/// <summary>What a strategy may consult: live health, a source of randomness (seeded in tests), prices and the request's size.</summary>
public sealed record RoutingContext(IDeploymentHealth Health, Random Random)
{
    public IDeploymentPrices Prices { get; init; } = ConfiguredPrices.Instance;

    public TokenEstimate Tokens { get; init; }
}
