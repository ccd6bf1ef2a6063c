using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing.Strategies;

/// <summary>
/// Lowest moving-average latency (time to first byte), chosen by power of two random choices: two deployments are
/// drawn and the faster goes first. Always taking the single fastest would send every request to it at once
/// (herding); two choices spread load while still favouring fast deployments. A deployment with no sample yet
/// counts as fastest, so each is measured.
/// </summary>
public sealed class LeastLatencyStrategy : IRoutingStrategy
{
    public string Name => "least-latency";

    public IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context)
    {
        var byLatency = deployments.OrderBy(d => Latency(d, context)).ToList();
        if (deployments.Count < 2)
        {
            return byLatency;
        }

        var i = context.Random.Next(deployments.Count);
        var j = context.Random.Next(deployments.Count - 1);
        j += j >= i ? 1 : 0;
        var first = Latency(deployments[i], context) <= Latency(deployments[j], context) ? deployments[i] : deployments[j];
        byLatency.Remove(first);
        byLatency.Insert(0, first);
        return byLatency;
    }

    private static double Latency(DeploymentSettings deployment, RoutingContext context) =>
        context.Health.Snapshot(deployment.Key).LatencyMs ?? 0;
}
