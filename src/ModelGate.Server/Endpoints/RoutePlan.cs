using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;

namespace ModelGate.Server.Endpoints;

/// <summary>Where one request may go: the models in order, what the caller may use, its own routing choice and deadline.</summary>
/// <param name="Targets">The requested model first, then its fallbacks (or the request's own <c>models</c> list).</param>
/// <param name="Timeout">The whole request's deadline; null for none.</param>
public sealed record RoutePlan(IReadOnlyList<ModelSettings> Targets, Principal Principal, RouteOverride? Override, TimeSpan? Timeout)
{
    public ModelSettings Model => Targets[0];

    /// <summary>
    /// The plan with only the deployments <paramref name="usable"/> accepts (those that can take this request), models
    /// left with none dropped; null when the requested model has none.
    /// </summary>
    public RoutePlan? Only(Func<DeploymentSettings, bool> usable)
    {
        var targets = Targets.Select(model => model with { Deployments = model.Deployments.Where(usable).ToList() }).ToList();
        return targets[0].Deployments.Count == 0 ? null : this with { Targets = targets.Where(model => model.Deployments.Count > 0).ToList() };
    }
}
