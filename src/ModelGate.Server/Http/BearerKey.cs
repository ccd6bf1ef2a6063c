using Microsoft.Net.Http.Headers;
using ModelGate.Core.Auth;
using ModelGate.Core.Errors;

namespace ModelGate.Server.Http;

/// <summary>
/// The one place that decides who is calling: the key from <c>Authorization: Bearer &lt;key&gt;</c> (every route) or,
/// on the Messages API, from <c>x-api-key</c> as Anthropic's clients send it, checked against the current keys.
/// </summary>
public static class BearerKey
{
    /// <summary>Anthropic's API-key header.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>OpenAI's way: <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public static Principal? Authenticate(HttpContext context, IKeyAuthenticator keys, out GatewayError? error)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        if (header.IsEmpty)
        {
            error = GatewayErrors.MissingApiKey();
            return null;
        }

        return FromAuthorization(context, header, keys, out error);
    }

    /// <summary>
    /// Anthropic's way: <c>x-api-key: &lt;key&gt;</c> (<c>ANTHROPIC_API_KEY</c>), or <c>Authorization: Bearer &lt;key&gt;</c>
    /// (<c>ANTHROPIC_AUTH_TOKEN</c>). When both are sent, <c>x-api-key</c> decides.
    /// </summary>
    public static Principal? AuthenticateApiKeyOrBearer(HttpContext context, IKeyAuthenticator keys, out GatewayError? error)
    {
        var apiKey = context.Request.Headers[ApiKeyHeader].ToString().AsSpan().Trim();
        if (!apiKey.IsEmpty)
        {
            return Check(context, apiKey, keys, out error);
        }

        var header = context.Request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        if (header.IsEmpty)
        {
            error = GatewayErrors.MissingApiKey() with
            {
                Message = "No API key provided. Send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.",
            };
            return null;
        }

        return FromAuthorization(context, header, keys, out error);
    }

    private static Principal? FromAuthorization(HttpContext context, ReadOnlySpan<char> header, IKeyAuthenticator keys, out GatewayError? error)
    {
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            error = GatewayErrors.InvalidApiKey();
            return null;
        }

        return Check(context, header["Bearer ".Length..].Trim(), keys, out error);
    }

    /// <summary>The key must be known, and, for a virtual key limited to some routes, allowed on this one.</summary>
    private static Principal? Check(HttpContext context, ReadOnlySpan<char> key, IKeyAuthenticator keys, out GatewayError? error)
    {
        var principal = keys.Authenticate(key);
        if (principal is null)
        {
            error = GatewayErrors.InvalidApiKey();
            return null;
        }

        var path = context.Request.Path.Value ?? "/";
        if (!principal.MayCall(path))
        {
            error = AdminErrors.RouteNotAllowed(path);
            return null;
        }

        error = null;
        return principal;
    }
}
