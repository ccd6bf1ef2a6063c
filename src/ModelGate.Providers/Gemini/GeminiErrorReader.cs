using System.Text.Json;
using ModelGate.Core.Providers;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// Reads Google's error body, <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}</c>
/// (Vertex AI sometimes wraps it in a one-element array); <see cref="UpstreamErrorPolicy"/> decides the rest.
/// The status name is passed on, lower-cased, as the error <c>code</c>; <c>UNAVAILABLE</c> means overloaded.
/// </summary>
public static class GeminiErrorReader
{
    private const int MaxMessageChars = 2000;

    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrorPolicy.Classify(provider, status, TryRead(status, body), body, retryAfter);

    private static ProviderError? TryRead(int status, ReadOnlySpan<byte> body)
    {
        GeminiError? error;
        try
        {
            error = body.TrimStart(" \t\r\n"u8) is [(byte)'[', ..]
                ? JsonSerializer.Deserialize(body, GeminiWireContext.Default.ListGeminiErrorBody)?.FirstOrDefault()?.Error
                : JsonSerializer.Deserialize(body, GeminiWireContext.Default.GeminiErrorBody)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }

        if (error is null)
        {
            return null;
        }

        var message = error.Message is { Length: > MaxMessageChars } text ? text[..MaxMessageChars] + "…" : error.Message ?? "(no message)";
        return new ProviderError(message, Type: null, Code: error.Status?.ToLowerInvariant(), Param: null,
            Overloaded: error.Status == "UNAVAILABLE" || status == 503);
    }
}
