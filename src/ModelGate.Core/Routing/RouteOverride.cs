using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;

namespace ModelGate.Core.Routing;

/// <summary>
/// A caller's per-request routing choice, the <c>x-modelgate-route</c> header: directives separated by <c>;</c>, each
/// a strategy name, <c>deployment=PROVIDER/MODEL</c> (that deployment of the requested model only, no fallback),
/// <c>region=NAME</c> or <c>tag=NAME</c> (only deployments with that region or tag, fallbacks included).
/// </summary>
public sealed record RouteOverride(string? Strategy, string? Deployment, string? Region = null, string? Tag = null)
{
    public const string Header = "x-modelgate-route";

    /// <summary>Whether the deployment may serve this request.</summary>
    public bool Allows(DeploymentSettings deployment) =>
        (Deployment is null || deployment.Key == Deployment)
        && (Region is null || deployment.Region == Region)
        && (Tag is null || deployment.Tags.Contains(Tag));

    public static RouteOverride? Parse(string value, out GatewayError? error)
    {
        error = null;
        var result = new RouteOverride(null, null);
        foreach (var directive in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, argument) = directive.IndexOf('=') is var at and > 0 ? (directive[..at], directive[(at + 1)..]) : (directive, null);
            RouteOverride? next = (name, argument) switch
            {
                (_, null) when RoutingStrategies.ByName.ContainsKey(name) && result.Strategy is null => result with { Strategy = name },
                ("deployment", { Length: > 0 }) when result.Deployment is null => result with { Deployment = argument },
                ("region", { Length: > 0 }) when result.Region is null => result with { Region = argument },
                ("tag", { Length: > 0 }) when result.Tag is null => result with { Tag = argument },
                _ => null,
            };
            if (next is null)
            {
                error = GatewayErrors.InvalidValue(Header, $"'{directive}' is not a directive, or repeats one: use a strategy " +
                    $"({string.Join(", ", RoutingStrategies.ByName.Keys)}), deployment=PROVIDER/MODEL, region=NAME or tag=NAME, separated by ';'.");
                return null;
            }

            result = next;
        }

        if (result == new RouteOverride(null, null))
        {
            error = GatewayErrors.InvalidValue(Header, "the header is empty.");
            return null;
        }

        return result;
    }
}
