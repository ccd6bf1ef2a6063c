namespace ModelGate.Server.Http;

/// <summary>
/// Gives every request an id, sent back as <c>x-request-id</c> on every response and passed upstream.
/// A well-formed id from the client is kept, so a trace can span the caller, the gateway and the provider.
/// </summary>
public static class RequestId
{
    public const string Header = "x-request-id";
    private const int MaxLength = 128;
    private static readonly object ItemKey = new();

    public static string Of(HttpContext context) => (string)context.Items[ItemKey]!;

    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var id = context.Request.Headers[Header].ToString();
        if (!IsAcceptable(id))
        {
            id = "req_" + Guid.CreateVersion7().ToString("N");
        }

        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        return next(context);
    });

    private static bool IsAcceptable(string id) =>
        id.Length is > 0 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
