using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Governance;
using ModelGate.Core.RateLimiting;
using ModelGate.Providers;

namespace ModelGate.Server.Hosting;

/// <summary>
/// Turns a validated config into a ready <see cref="GatewaySnapshot"/>: providers built, keys hashed. The master key
/// and the config's keys are checked first, then the virtual keys (which live in the database, not in the snapshot).
/// </summary>
public sealed class SnapshotBuilder(ProviderFactory providers, MasterKey masterKey, TimeProvider time, VirtualKeyCache virtualKeys)
{
    public GatewaySnapshot Build(GatewayConfig config)
    {
        var master = new Principal("master", null, IsMaster: true, MayOverrideRoute: true);
        var keys = config.Keys
            .Select(key => (key.Key, new Principal(key.Name, key.Models?.ToHashSet(StringComparer.Ordinal), IsMaster: false, key.RouteOverride)
            {
                RateLimits = key.Limits.Any ? [new RateLimitSubject($"config-key:{key.Name}", $"key '{key.Name}'", key.Limits)] : [],
            }))
            .Prepend((masterKey.Resolve(config.Server.MasterKey), master));
        return new GatewaySnapshot(
            config,
            new CompositeKeyAuthenticator(new StaticKeyAuthenticator(keys), virtualKeys),
            config.Providers.ToDictionary(pair => pair.Key, pair => providers.Create(pair.Value), StringComparer.Ordinal),
            time.GetUtcNow());
    }
}
