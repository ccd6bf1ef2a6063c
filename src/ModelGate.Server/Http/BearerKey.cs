using Microsoft.Net.Http.Headers;
using ModelGate.Core.Auth;
using ModelGate.Core.Errors;

namespace ModelGate.Server.Http;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the current keys.</summary>
public static class BearerKey
{
    public static Principal? Authenticate(HttpContext context, IKeyAuthenticator keys, out GatewayError? error)
    {
        error = null;
        var header = context.Request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        if (header.IsEmpty)
        {
            error = GatewayErrors.MissingApiKey();
            return null;
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            error = GatewayErrors.InvalidApiKey();
            return null;
        }

        var principal = keys.Authenticate(header["Bearer ".Length..].Trim());
        if (principal is null)
        {
            error = GatewayErrors.InvalidApiKey();
        }

        return principal;
    }
}
