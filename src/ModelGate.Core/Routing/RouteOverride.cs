using ModelGate.Core.Errors;

namespace ModelGate.Core.Routing;

/// <summary>
/// A caller's per-request routing choice (the <c>x-modelgate-route</c> header): either a strategy name, or
/// <c>deployment=PROVIDER/MODEL</c> to pin the request to one deployment of the requested model with no fallback.
/// </summary>
public sealed record RouteOverride(string? Strategy, string? Deployment)
{
    public const string Header = "x-modelgate-route";

    private const string DeploymentPrefix = "deployment=";

    public static RouteOverride? Parse(string value, out GatewayError? error)
    {
        error = null;
        value = value.Trim();
        if (value.StartsWith(DeploymentPrefix, StringComparison.Ordinal) && value.Length > DeploymentPrefix.Length)
        {
            return new RouteOverride(null, value[DeploymentPrefix.Length..]);
        }

        if (RoutingStrategies.ByName.ContainsKey(value))
        {
            return new RouteOverride(value, null);
        }

        error = GatewayErrors.InvalidValue(Header,
            $"must be a strategy ({string.Join(", ", RoutingStrategies.ByName.Keys)}) or deployment=PROVIDER/MODEL.");
        return null;
    }
}
