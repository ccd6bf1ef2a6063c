using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;

namespace ModelGate.Server.Hosting;

/// <summary>
/// Everything built from one config: immutable, swapped whole on reload. A request takes the snapshot once
/// at its start and keeps it, so a reload never changes a request in flight.
/// </summary>
public sealed record GatewaySnapshot(
    GatewayConfig Config,
    IKeyAuthenticator Keys,
    IReadOnlyDictionary<string, IChatProvider> Providers,
    DateTimeOffset LoadedAt);
