using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Gateway errors in the Messages API's shape: <c>{"type":"error","error":{"type","message"},"request_id"}</c>.
/// The HTTP status is the one the gateway chose; only the error <c>type</c> is derived from it, as Anthropic's
/// errors page pairs them.
/// </summary>
public static class MessagesErrors
{
    /// <summary>The Anthropic error type for an HTTP status (other 4xx: <c>invalid_request_error</c>; other 5xx: <c>api_error</c>).</summary>
    public static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        504 => "timeout_error",
        >= 400 and < 500 => "invalid_request_error",
        _ => "api_error",
    };

    /// <summary>The body of an error response.</summary>
    public static byte[] Body(GatewayError error, string? requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, MessagesJson.WriterOptions))
        {
            WriteErrorObject(json, error);
            if (requestId is not null)
            {
                json.WriteString("request_id", requestId);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>{"type":"error","error":{...}</c>, leaving the outer object open.</summary>
    internal static void WriteErrorObject(Utf8JsonWriter json, GatewayError error)
    {
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteStartObject("error");
        json.WriteString("type", TypeFor(error.Status));
        json.WriteString("message", error.Message);
        json.WriteEndObject();
    }

    /// <summary>A field the Messages API defines but the gateway cannot carry; never a provider's limitation.</summary>
    internal static GatewayError Unsupported(string param, string why) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnsupportedParameter,
            $"'{param}' is not supported by the gateway's Messages API: {why}", param);

    internal static GatewayError UnknownField(string param) =>
        Unsupported(param, "the gateway does not know this field, and ignoring it could change the answer.");

    /// <summary>A response from the provider that cannot be turned into an Anthropic message.</summary>
    internal static GatewayError Untranslatable(string detail) =>
        new(502, ErrorTypes.Server, ErrorCodes.UpstreamError, $"The provider's answer could not be translated to an Anthropic message: {detail}");
}
