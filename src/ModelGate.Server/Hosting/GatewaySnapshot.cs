using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Pricing;
using ModelGate.Core.Providers;
using ModelGate.Core.Routing;

namespace ModelGate.Server.Hosting;

/// <summary>
/// Everything built from one config: immutable, swapped whole on reload. A request takes the snapshot once
/// at its start and keeps it, so a reload never changes a request in flight.
/// </summary>
public sealed record GatewaySnapshot(
    GatewayConfig Config,
    IKeyAuthenticator Keys,
    IReadOnlyDictionary<string, IChatProvider> Providers,
    DateTimeOffset LoadedAt)
{
    /// <summary>What each deployment costs: its configured price, else the shipped catalog's.</summary>
    public IDeploymentPrices Prices { get; } = new PriceTable(Config, PriceCatalog.Shipped);
}
