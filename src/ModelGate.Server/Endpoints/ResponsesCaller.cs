using Microsoft.Net.Http.Headers;
using ModelGate.Core.Auth;
using ModelGate.Core.Errors;
using ModelGate.Core.Responses;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>Who calls a Responses route: the principal, and the owner id its stored responses carry.</summary>
public sealed record ResponsesCaller(Principal Principal, string Owner)
{
    public static ResponsesCaller? Authenticate(HttpContext context, IKeyAuthenticator keys, out GatewayError? error)
    {
        var principal = BearerKey.Authenticate(context, keys, out error);
        if (principal is null)
        {
            return null;
        }

        // Authentication accepted the header, so it is "Bearer <key>".
        var header = context.Request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        return new ResponsesCaller(principal, ResponseOwner.Of(header["Bearer ".Length..].Trim()));
    }

    /// <summary>The stored response when this caller may see it; another key's response is as missing as an unknown one.</summary>
    public StoredResponse? Visible(StoredResponse? stored) => stored is not null && stored.IsVisibleTo(Principal, Owner) ? stored : null;
}
