using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// Reads what the gateway needs from OpenAI's own Responses objects, passed through untranslated: the usage of a
/// <c>response</c> (<c>input_tokens</c> with <c>input_tokens_details.cached_tokens</c>, <c>output_tokens</c> with
/// <c>output_tokens_details.reasoning_tokens</c>) and the error of a failed one.
/// </summary>
public static class OpenAiResponsesAnswer
{
    /// <summary>A <c>response</c> object passed on as it came, once it is known to be a JSON object; usage read from it.</summary>
    public static ChatOutcome Untranslated(string provider, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new ChatCompleted(body, Usage(document.RootElement));
            }
        }
        catch (JsonException)
        {
        }

        return new ChatFailed(GatewayErrors.Upstream(provider, $"the response is not a JSON object: {UpstreamErrorPolicy.Excerpt(body)}"), Retriable: true);
    }

    /// <summary>The usage of a <c>response</c> object; null when it has none.</summary>
    public static TokenUsage? Usage(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object
            || !response.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var input = Count(usage, "input_tokens");
        var output = Count(usage, "output_tokens");
        var cached = usage.TryGetProperty("input_tokens_details", out var inputDetails) ? Count(inputDetails, "cached_tokens") : 0;
        var reasoning = usage.TryGetProperty("output_tokens_details", out var outputDetails) ? Count(outputDetails, "reasoning_tokens") : 0;
        var total = usage.TryGetProperty("total_tokens", out var t) && t.TryGetInt32(out var reported) ? reported : input + output;
        return new TokenUsage(input, output, total, cached, reasoning);
    }

    /// <summary>The <c>response</c> of a <c>response.*</c> stream event's data, parsed; null when it has none.</summary>
    public static JsonDocument? Event(ReadOnlySpan<byte> data)
    {
        try
        {
            var document = JsonDocument.Parse(data.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>
    /// The error a <c>response.failed</c> event (its <c>response.error</c>) or an <c>error</c> event (its own
    /// <c>code</c> and <c>message</c>) reports: a 429 for <c>rate_limit_exceeded</c>, otherwise an upstream error.
    /// </summary>
    public static GatewayError Failure(string provider, JsonElement? eventData)
    {
        var error = eventData is { ValueKind: JsonValueKind.Object } data
            ? data.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                ? response.TryGetProperty("error", out var inner) ? inner : default
                : data
            : default;
        var code = Text(error, "code");
        var message = Text(error, "message") ?? "the response failed";
        return code == "rate_limit_exceeded"
            ? new GatewayError(429, ErrorTypes.RateLimit, code, $"provider '{provider}': {message}")
            : GatewayErrors.Upstream(provider, code is null ? message : $"{message} ({code})");
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int Count(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.TryGetInt32(out var count) ? count : 0;
}
