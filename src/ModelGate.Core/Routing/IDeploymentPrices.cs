using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing;

/// <summary>Where the <c>lowest-cost</c> strategy learns what a deployment costs. The pricing table plugs in here.</summary>
public interface IDeploymentPrices
{
    /// <summary>The deployment's price, or null when it is not known.</summary>
    DeploymentPrice? For(DeploymentSettings deployment);
}

/// <summary>Prices written on the deployments in config (<c>price:</c>).</summary>
public sealed class ConfiguredPrices : IDeploymentPrices
{
    public static readonly ConfiguredPrices Instance = new();

    public DeploymentPrice? For(DeploymentSettings deployment) => deployment.Price;
}
