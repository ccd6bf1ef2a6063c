using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Bedrock.EventStream;
using ModelGate.Providers.Bedrock.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>
/// Reads Bedrock errors: HTTP error bodies (<c>{"message": ...}</c>, the exception named by the
/// <c>x-amzn-ErrorType</c> header or, failing that, a <c>__type</c> field) and the exception messages of an event stream.
/// </summary>
public static class BedrockErrors
{
    private const int MaxMessageChars = 2000;

    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter, string? errorTypeHeader)
    {
        var error = Read(body);
        var type = (errorTypeHeader ?? error?.Type) is { } raw ? ExceptionName(raw) : null;
        var providerError = error is null ? null : new ProviderError(
            Trim(error.Message ?? error.MessageUpper ?? "(no message)"), null, type, null, Overloaded: IsOverloaded(status, type));
        return UpstreamErrorPolicy.Classify(provider, status, providerError, body, retryAfter);
    }

    /// <summary>An <c>exception</c> (or <c>error</c>) message inside a stream, mapped with the status its type has in the API reference.</summary>
    public static GatewayError StreamException(string provider, EventStreamMessage message)
    {
        var type = message.ExceptionType ?? message.Header(":error-code") ?? message.MessageType ?? "unknown";
        var text = Read(message.Payload)?.Message ?? message.Header(":error-message") ?? Encoding.UTF8.GetString(message.Payload);
        var status = type switch
        {
            "throttlingException" => 429,
            "validationException" => 400,
            "serviceUnavailableException" => 503,
            _ => 500,
        };
        var error = new ProviderError(Trim($"{type}: {text}"), null, type, null, Overloaded: status == 503);
        return UpstreamErrorPolicy.Classify(provider, status, error, message.Payload, null).Error;
    }

    private static bool IsOverloaded(int status, string? type) =>
        status == 503 || type is "ServiceUnavailableException" or "ModelNotReadyException";

    /// <summary><c>ThrottlingException:http://internal.amazon.com/coral/...</c> or a namespaced name, reduced to the name.</summary>
    private static string ExceptionName(string raw)
    {
        var name = raw.Split(':')[0];
        return name[(name.LastIndexOf('#') + 1)..];
    }

    private static BedrockErrorBody? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, BedrockWireContext.Default.BedrockErrorBody);
            return error?.Message is null && error?.MessageUpper is null ? null : error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string text) => text.Length <= MaxMessageChars ? text : text[..MaxMessageChars] + "…";
}
