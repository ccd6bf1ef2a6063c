using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Pricing;

/// <summary>
/// What each deployment of one config costs: its own <c>price:</c> when it has one, else the shipped catalog's price
/// for its provider type and upstream model, else unknown (never $0). An <c>openai-compatible</c> server has no
/// catalog prices: its models are priced by whoever runs it.
/// </summary>
public sealed class PriceTable(GatewayConfig config, PriceCatalog catalog) : IDeploymentPrices
{
    public DeploymentPrice? For(DeploymentSettings deployment) =>
        deployment.Price
        ?? (config.Providers.TryGetValue(deployment.Provider, out var provider) ? catalog.Find(provider.Type, deployment.Model) : null);
}
