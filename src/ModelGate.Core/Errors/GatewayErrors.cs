using System.Globalization;
using ModelGate.Core.Budgets;
using ModelGate.Core.RateLimiting;

namespace ModelGate.Core.Errors;

/// <summary>The errors the gateway itself raises, so each message and status is decided in one place.</summary>
public static class GatewayErrors
{
    public static GatewayError InvalidJson(string detail) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.InvalidJson, $"The request body is not valid JSON: {detail}");

    public static GatewayError MissingParameter(string param) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.MissingRequiredParameter, $"Missing required parameter: '{param}'.", param);

    public static GatewayError InvalidType(string param, string expected) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.InvalidType, $"Invalid type for '{param}': expected {expected}.", param);

    public static GatewayError InvalidValue(string param, string message) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.InvalidValue, $"Invalid value for '{param}': {message}", param);

    public static GatewayError MissingApiKey() =>
        new(401, ErrorTypes.InvalidRequest, ErrorCodes.MissingApiKey,
            "No API key provided. Send it as 'Authorization: Bearer <key>'.");

    public static GatewayError InvalidApiKey() =>
        new(401, ErrorTypes.InvalidRequest, ErrorCodes.InvalidApiKey, "Incorrect API key provided.");

    public static GatewayError ModelNotFound(string model) =>
        new(404, ErrorTypes.InvalidRequest, ErrorCodes.ModelNotFound,
            $"The model '{model}' does not exist or you do not have access to it.", "model");

    public static GatewayError UnknownUrl(string method, string path) =>
        new(404, ErrorTypes.InvalidRequest, ErrorCodes.UnknownUrl, $"Invalid URL ({method} {path}).");

    public static GatewayError MethodNotAllowed(string method, string path) =>
        new(405, ErrorTypes.InvalidRequest, ErrorCodes.MethodNotAllowed, $"Method {method} is not allowed on {path}.");

    public static GatewayError RequestTooLarge(long limitBytes) =>
        new(413, ErrorTypes.InvalidRequest, ErrorCodes.RequestTooLarge,
            $"The request body exceeds the limit of {limitBytes} bytes (server.max_request_body_mb).");

    public static GatewayError Upstream(string provider, string detail) =>
        new(502, ErrorTypes.Server, ErrorCodes.UpstreamError, $"Provider '{provider}' failed: {detail}");

    public static GatewayError UpstreamTimeout(string provider, string phase) =>
        new(504, ErrorTypes.Timeout, ErrorCodes.UpstreamTimeout, $"Provider '{provider}' timed out {phase}.");

    public static GatewayError UpstreamOverloaded(string provider, string detail) =>
        new(503, ErrorTypes.Server, ErrorCodes.UpstreamOverloaded, $"Provider '{provider}' is overloaded: {detail}");

    public static GatewayError UnsupportedParameter(string provider, string param, string detail) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnsupportedParameter,
            $"'{param}' is not supported by provider '{provider}'{detail}. Set drop_unsupported_params: true on the provider to drop such fields instead.", param);

    public static GatewayError NoDeploymentAvailable(string model, TimeSpan retryAfter) =>
        new(503, ErrorTypes.Server, ErrorCodes.NoDeploymentAvailable,
            $"Every deployment of model '{model}' is cooling down after failures or at its rate limit; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.", RetryAfter: retryAfter);

    /// <summary>429 naming the limit that refused the request, e.g. <c>key 'notebook' rpm limit of 60 reached</c>.</summary>
    public static GatewayError RateLimited(RateLimitRefusal refusal)
    {
        var (code, name) = refusal.Kind switch
        {
            RateLimitKind.Requests => (ErrorCodes.RpmLimitExceeded, "rpm"),
            RateLimitKind.Tokens => (ErrorCodes.TpmLimitExceeded, "tpm"),
            _ => (ErrorCodes.ParallelLimitExceeded, "max_parallel"),
        };
        var seconds = Math.Ceiling(refusal.RetryAfter.TotalSeconds);
        var message = refusal.NeverFits
            ? $"{refusal.Subject.Name} {name} limit of {refusal.Limit} is below this request's estimated {refusal.Requested} tokens; lower max_tokens or shorten the request."
            : refusal.Kind == RateLimitKind.Tokens
                ? $"{refusal.Subject.Name} {name} limit of {refusal.Limit} reached (this request reserves an estimated {refusal.Requested} tokens); retry after {seconds} s."
                : $"{refusal.Subject.Name} {name} limit of {refusal.Limit} reached; retry after {seconds} s.";
        return new GatewayError(429, ErrorTypes.RateLimit, code, message, RetryAfter: refusal.RetryAfter);
    }

    /// <summary>
    /// 402, which clients do not retry (a 429 would be), naming the budget, where it stands and when it resets.
    /// Anthropic's shape calls it a <c>billing_error</c>.
    /// </summary>
    public static GatewayError BudgetExceeded(BudgetStatus status, decimal estimate)
    {
        var subject = status.Subject;
        var resets = status.ResetsAt is { } at
            ? $"it resets at {at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
            : "it does not reset";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{subject.Name} budget of ${Usd(subject.Limit)} {BudgetPeriods.Describe(subject.Period)} is exhausted: ${Usd(status.Spent)} spent, ${Usd(status.Reserved)} reserved by requests in flight, and this request needs an estimated ${Usd(estimate)}; {resets}.");
        return new GatewayError(402, ErrorTypes.InsufficientQuota, ErrorCodes.BudgetExceeded, message);
    }

    public static GatewayError PriceUnknown(string deployment, string budget) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.PriceUnknown,
            $"Deployment '{deployment}' has no known price, and {budget} has a budget, which cannot be kept on an unknown cost. The operator can set the deployment's price: in the config, or budgets.unknown_price: allow.");

    private static string Usd(decimal usd) => decimal.Round(usd, 6).ToString("0.######", CultureInfo.InvariantCulture);

    public static GatewayError UpstreamAuthFailed(string provider, int status, string detail) =>
        new(502, ErrorTypes.Server, ErrorCodes.UpstreamAuthFailed,
            $"Provider '{provider}' rejected the gateway's credentials (HTTP {status}): {detail}");

    public static GatewayError RouteOverrideNotAllowed(string header) =>
        new(403, ErrorTypes.Permission, ErrorCodes.RouteOverrideNotAllowed,
            $"This key may not steer routing with the '{header}' header (route_override is off for it).", header);

    public static GatewayError RequestTimeout(TimeSpan deadline) =>
        new(504, ErrorTypes.Timeout, ErrorCodes.RequestTimeout,
            $"The request did not finish within its deadline of {deadline.TotalMilliseconds:0} ms.");

    public static GatewayError Internal() =>
        new(500, ErrorTypes.Server, ErrorCodes.InternalError, "The gateway hit an unexpected error; the request id identifies it in the logs.");
}
