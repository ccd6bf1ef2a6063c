namespace ModelGate.Core.Routing;

/// <summary>The <c>routing:</c> section, apart from the default strategy which is resolved into each model.</summary>
/// <param name="RequestTimeout">Deadline for a whole request, every attempt and retry included; null for none.</param>
/// <param name="MaxRequestTimeout">The longest deadline a request may ask for with <c>x-modelgate-timeout-ms</c>.</param>
public sealed record RoutingSettings(CooldownSettings Cooldown, RetrySettings Retry, TimeSpan? RequestTimeout, TimeSpan MaxRequestTimeout)
{
    public static readonly TimeSpan DefaultMaxRequestTimeout = TimeSpan.FromHours(1);

    public static readonly RoutingSettings Default = new(CooldownSettings.Default, RetrySettings.Default, null, DefaultMaxRequestTimeout);
}
