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
}
