using ModelGate.Core.Routing;

namespace ModelGate.Core.Configuration;

/// <summary>Reads the <c>routing:</c> section: the default strategy, the circuit breaker, retries and the request deadline.</summary>
internal static class RoutingSettingsReader
{
    private static readonly HashSet<string> RoutingFields = ["strategy", "cooldown", "retries", "request_timeout_ms", "max_request_timeout_ms"];
    private static readonly HashSet<string> CooldownFields = ["failures", "base_ms", "max_ms"];
    private static readonly HashSet<string> RetryFields = ["max", "base_ms", "max_ms", "budget_percent", "budget_min"];

    public static (string DefaultStrategy, RoutingSettings Settings) Read(YamlMapping? routing)
    {
        routing?.RejectUnknownKeys(RoutingFields);
        var strategy = routing is null ? null : Strategy(routing, "strategy");
        var maxTimeout = routing?.Milliseconds("max_request_timeout_ms", min: 1) ?? RoutingSettings.DefaultMaxRequestTimeout;
        var timeout = routing?.Milliseconds("request_timeout_ms", min: 1);
        if (timeout > maxTimeout)
        {
            routing!.Error("request_timeout_ms", "must not be above max_request_timeout_ms");
        }

        var settings = new RoutingSettings(ReadCooldown(routing?.Mapping("cooldown")), ReadRetry(routing?.Mapping("retries")), timeout, maxTimeout);
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

    private static CooldownSettings ReadCooldown(YamlMapping? cooldown)
    {
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

        return settings;
    }

    private static RetrySettings ReadRetry(YamlMapping? retries)
    {
        retries?.RejectUnknownKeys(RetryFields);
        var defaults = RetrySettings.Default;
        var settings = new RetrySettings(
            retries?.Int("max", 0, 10) ?? defaults.Max,
            retries?.Milliseconds("base_ms", min: 1) ?? defaults.BaseDelay,
            retries?.Milliseconds("max_ms", min: 1) ?? defaults.MaxDelay,
            retries?.Int("budget_percent", 0, 100) is { } percent ? percent / 100.0 : defaults.BudgetRatio,
            retries?.Int("budget_min", 0, 10_000) ?? defaults.BudgetMinimum);
        if (settings.MaxDelay < settings.BaseDelay)
        {
            retries!.Error("max_ms", "must not be below base_ms");
        }

        return settings;
    }
}
