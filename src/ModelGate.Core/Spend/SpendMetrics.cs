using System.Diagnostics.Metrics;

namespace ModelGate.Core.Spend;

/// <summary>The spend and budget counters, on the <c>ModelGate</c> meter (any OpenTelemetry or dotnet-counters listener reads them).</summary>
public static class SpendMetrics
{
    private static readonly Meter Meter = new("ModelGate");

    /// <summary>Requests billed on a deployment without a known price: their cost is recorded as unknown.</summary>
    public static readonly Counter<long> UnknownPrice =
        Meter.CreateCounter<long>("modelgate.spend.unknown_price", "{request}", "Requests whose cost is unknown because their deployment has no price");

    public static readonly Counter<long> BudgetRefusals =
        Meter.CreateCounter<long>("modelgate.budget.refusals", "{request}", "Requests refused because a budget was exhausted");

    public static readonly Counter<long> BudgetAlerts =
        Meter.CreateCounter<long>("modelgate.budget.alerts", "{alert}", "Budget alert thresholds crossed");
}
