using ModelGate.Core.Routing;

namespace ModelGate.Core.Configuration;

/// <summary>Reads the <c>routing:</c> section: the default strategy and the circuit breaker's cooldown.</summary>
internal static class RoutingSettingsReader
{
    private static readonly HashSet<string> RoutingFields = ["strategy", "cooldown"];
    private static readonly HashSet<string> CooldownFields = ["failures", "base_ms", "max_ms"];

    public static (string DefaultStrategy, CooldownSettings Cooldown) Read(YamlMapping? routing)
    {
        routing?.RejectUnknownKeys(RoutingFields);
        var strategy = routing is null ? null : Strategy(routing, "strategy");
        var cooldown = routing?.Mapping("cooldown");
        cooldown?.RejectUnknownKeys(CooldownFields);
        var defaults = CooldownSettings.Default;
        var settings = new CooldownSettings(
            cooldown?.Int("failures", 1, 1000) ?? defaults.Failures,
            cooldown?.Milliseconds("base_ms", min: 1) ?? defaults.Base,
            cooldown?.Milliseconds("max_ms", min: 1) ?? defaults.Max);
        if (settings.Max < settings.Base)
        {
            cooldown!.Error("max_ms", "must not be below base_ms");
        }

        return (strategy ?? RoutingStrategies.Default, settings);
    }

    /// <summary>A strategy name, checked against the known ones.</summary>
    public static string? Strategy(YamlMapping mapping, string key)
    {
        var name = mapping.String(key);
        if (name is not null && !RoutingStrategies.ByName.ContainsKey(name))
        {
            mapping.Error(key, $"unknown strategy '{name}' (expected one of: {string.Join(", ", RoutingStrategies.ByName.Keys)})");
            return null;
        }

        return name;
    }
}
