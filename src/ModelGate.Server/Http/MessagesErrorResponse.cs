using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Server.Http;

/// <summary>
/// Writes a <see cref="GatewayError"/> in Anthropic's shape, <c>{"type":"error","error":{"type","message"},"request_id"}</c>,
/// for the Messages API's routes: same status and <c>retry-after</c> as the OpenAI shape, and the request id also in
/// <c>request-id</c>, the header Anthropic's clients read.
/// </summary>
public static class MessagesErrorResponse
{
    /// <summary>The header Anthropic puts its request id in (the gateway's <c>x-request-id</c> is sent too).</summary>
    public const string RequestIdHeader = "request-id";

    /// <summary>The routes whose errors are Anthropic-shaped.</summary>
    public static bool Owns(PathString path) => path.StartsWithSegments("/v1/messages", StringComparison.Ordinal);

    public static Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        var requestId = RequestId.Of(context);
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        response.Headers[RequestIdHeader] = requestId;
        ErrorResponse.SetRetryAfter(response, error);
        var body = MessagesErrors.Body(error, requestId);
        response.ContentLength = body.Length;
        return response.BodyWriter.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
