using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.OpenAi;

/// <summary>Reads OpenAI-style error bodies; what the client then sees is decided by <see cref="UpstreamErrorPolicy"/>.</summary>
public static class OpenAiErrorMapper
{
    private const int MaxMessageChars = 2000;

    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrorPolicy.Classify(provider, status, Read(body), body, retryAfter);

    /// <summary>An <c>{"error": ...}</c> object sent with a 200 status or inside a stream.</summary>
    public static GatewayError InBand(string provider, ReadOnlySpan<byte> body) =>
        GatewayErrors.Upstream(provider, Read(body)?.Message ?? Excerpt(body));

    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) => UpstreamErrorPolicy.RetryAfter(headers, now);

    /// <summary>
    /// Reads <c>{"error": {...}}</c>, <c>{"error": "text"}</c>, and the flat <c>{"message", "type", "code", "param"}</c>
    /// or <c>{"detail": ...}</c> forms other servers use; null when the body is none of these.
    /// </summary>
    public static ProviderError? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                return error.ValueKind switch
                {
                    JsonValueKind.Object => new ProviderError(
                        Text(error, "message") ?? "(no message)", Text(error, "type"), Text(error, "code"), Text(error, "param")),
                    JsonValueKind.String => new ProviderError(Trim(error.GetString()!), null, null, null),
                    _ => null,
                };
            }

            // Some OpenAI-compatible servers (FastAPI-based ones among them) answer {"detail": ...} or {"message": ...}.
            var message = Text(root, "message") ?? Text(root, "detail");
            return message is null ? null : new ProviderError(message, Text(root, "type"), Text(root, "code"), Text(root, "param"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 or holds a lone surrogate.
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => Trim(value.GetString()!),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => Trim(value.GetRawText()),
        } : null;

    private static string Trim(string text) => text.Length <= MaxMessageChars ? text : text[..MaxMessageChars] + "…";

    public static string Excerpt(ReadOnlySpan<byte> body) => UpstreamErrorPolicy.Excerpt(body);
}
