namespace ModelGate.Core.Routing;

/// <summary>The circuit breaker: after <see cref="Failures"/> failures in a row a deployment rests for <see cref="Base"/>,
/// doubled on each further ejection up to <see cref="Max"/>.</summary>
public sealed record CooldownSettings(int Failures, TimeSpan Base, TimeSpan Max)
{
    public static readonly CooldownSettings Default = new(3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    public TimeSpan ForEjection(int ejection)
    {
        var factor = 1L << Math.Clamp(ejection - 1, 0, 30);
        return Base.Ticks > Max.Ticks / factor ? Max : TimeSpan.FromTicks(Base.Ticks * factor);
    }
}
