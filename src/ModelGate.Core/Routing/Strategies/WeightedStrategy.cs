using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing.Strategies;

/// <summary>
/// Weighted random: each deployment comes first with probability weight / total weight; the rest follow in the
/// same way, drawn without replacement, so failures still fall back to every other deployment.
/// </summary>
public sealed class WeightedStrategy : IRoutingStrategy
{
    public string Name => "weighted";

    public IReadOnlyList<DeploymentSettings> Order(IReadOnlyList<DeploymentSettings> deployments, RoutingContext context)
    {
        var remaining = deployments.ToList();
        var ordered = new List<DeploymentSettings>(remaining.Count);
        while (remaining.Count > 0)
        {
            var pick = context.Random.NextDouble() * remaining.Sum(d => d.Weight);
            var index = 0;
            while (index < remaining.Count - 1 && (pick -= remaining[index].Weight) >= 0)
            {
                index++;
            }

            ordered.Add(remaining[index]);
            remaining.RemoveAt(index);
        }

        return ordered;
    }
}
