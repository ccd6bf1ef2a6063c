using System.Globalization;
using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Routing;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// Turns a request into its <see cref="RoutePlan"/>: the models to try, in order (the requested one, then the
/// request's own <c>models</c> list when it has one, otherwise the model's configured fallbacks), the caller's
/// routing header and the request's deadline. Every model the request names must exist and be allowed to the
/// caller; configured fallbacks the caller may not use are passed over.
/// </summary>
public static class RoutePlanner
{
    public const string TimeoutHeader = "x-modelgate-timeout-ms";

    /// <param name="models">The request's own fallback list (<c>models</c>), if it has one.</param>
    public static RoutePlan? Plan(
        IHeaderDictionary headers, GatewayConfig config, Principal principal, string model, IReadOnlyList<string>? models, out GatewayError? error)
    {
        var targets = Targets(config, principal, model, models, out error);
        if (targets is null || !TryReadOverride(headers, principal, targets[0], out var routeOverride, out error)
            || !TryReadTimeout(headers, config.Routing, out var timeout, out error))
        {
            return null;
        }

        // A request pinned to one deployment means exactly that deployment: no fallback models.
        return new RoutePlan(routeOverride?.Deployment is null ? targets : [targets[0]], principal, routeOverride, timeout);
    }

    private static List<ModelSettings>? Targets(
        GatewayConfig config, Principal principal, string requested, IReadOnlyList<string>? models, out GatewayError? error)
    {
        error = null;
        var targets = new List<ModelSettings>();
        foreach (var name in models is { } listed ? listed.Prepend(requested).Distinct() : [requested])
        {
            if (!principal.MayUse(name) || !config.Models.TryGetValue(name, out var model))
            {
                error = GatewayErrors.ModelNotFound(name);
                return null;
            }

            targets.Add(model);
        }

        if (models is null)
        {
            targets.AddRange(targets[0].Fallbacks
                .Where(principal.MayUse)
                .Select(name => config.Models.GetValueOrDefault(name))
                .OfType<ModelSettings>());
        }

        return targets;
    }

    private static bool TryReadOverride(IHeaderDictionary headers, Principal principal, ModelSettings model, out RouteOverride? routeOverride, out GatewayError? error)
    {
        (routeOverride, error) = (null, null);
        if (headers[RouteOverride.Header] is not [{ } value])
        {
            return headers[RouteOverride.Header].Count == 0
                || Fail(GatewayErrors.InvalidValue(RouteOverride.Header, "send the header once."), out error);
        }

        if (!principal.MayOverrideRoute)
        {
            return Fail(GatewayErrors.RouteOverrideNotAllowed(RouteOverride.Header), out error);
        }

        routeOverride = RouteOverride.Parse(value, out error);
        if (routeOverride is not null && !model.Deployments.Any(routeOverride.Allows))
        {
            return Fail(GatewayErrors.InvalidValue(RouteOverride.Header,
                $"no deployment of model '{model.Name}' matches it (has: {string.Join(", ", model.Deployments.Select(Describe))})."), out error);
        }

        return routeOverride is not null;
    }

    private static string Describe(DeploymentSettings deployment) =>
        deployment.Key + (deployment.Region is { } region ? $" region={region}" : "") + string.Concat(deployment.Tags.Select(tag => $" tag={tag}"));

    private static bool TryReadTimeout(IHeaderDictionary headers, RoutingSettings routing, out TimeSpan? timeout, out GatewayError? error)
    {
        (timeout, error) = (routing.RequestTimeout, null);
        if (headers[TimeoutHeader] is not [{ } value])
        {
            return headers[TimeoutHeader].Count == 0
                || Fail(GatewayErrors.InvalidValue(TimeoutHeader, "send the header once."), out error);
        }

        var max = (long)routing.MaxRequestTimeout.TotalMilliseconds;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms < 1 || ms > max)
        {
            return Fail(GatewayErrors.InvalidValue(TimeoutHeader, $"must be a whole number of milliseconds from 1 to {max} (routing.max_request_timeout_ms)."), out error);
        }

        timeout = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    private static bool Fail(GatewayError failure, out GatewayError? error)
    {
        error = failure;
        return false;
    }
}
