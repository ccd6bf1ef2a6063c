using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// Turns a provider's error response into what the client sees. 4xx keep their status and the provider's
/// message, type, param and code; 5xx and unreadable bodies become 502 <c>upstream_error</c>; 401/403 become
/// 502 <c>upstream_auth_failed</c>, since they blame the gateway's provider key, not the client's key.
/// </summary>
public static class OpenAiErrorMapper
{
    private const int MaxMessageChars = 2000;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        var upstream = TryRead(body);
        if (upstream is null)
        {
            var unreadable = GatewayErrors.Upstream(provider, $"HTTP {status} with an unreadable error body: {Excerpt(body)}");
            return new ChatFailed(unreadable with { RetryAfter = retryAfter }, Retriable: status is 429 or >= 500);
        }

        if (status is 401 or 403)
        {
            return new ChatFailed(GatewayErrors.UpstreamAuthFailed(provider, status, upstream.Message), Retriable: true);
        }

        if (status >= 500 || status < 400)
        {
            var error = GatewayErrors.Upstream(provider, $"HTTP {status}: {upstream.Message}") with { RetryAfter = retryAfter };
            return new ChatFailed(error, Retriable: true);
        }

        var type = upstream.Type ?? (status == 429 ? ErrorTypes.RateLimit : ErrorTypes.InvalidRequest);
        var passed = new GatewayError(status, type, upstream.Code ?? ErrorCodes.UpstreamError, upstream.Message, upstream.Param, retryAfter);
        return new ChatFailed(passed, Retriable: status is 408 or 429);
    }

    /// <summary>An <c>{"error": ...}</c> object sent with a 200 status or inside a stream.</summary>
    public static GatewayError InBand(string provider, ReadOnlySpan<byte> body) =>
        GatewayErrors.Upstream(provider, TryRead(body)?.Message ?? Excerpt(body));

    /// <summary>Reads <c>retry-after</c> (seconds or HTTP date) or the <c>retry-after-ms</c> some providers send.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return ms < MaxRetryAfter.TotalMilliseconds ? TimeSpan.FromMilliseconds(ms) : MaxRetryAfter;
        }

        TimeSpan? hint = headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
        return hint > MaxRetryAfter ? MaxRetryAfter : hint;
    }

    private sealed record UpstreamError(string Message, string? Type, string? Code, string? Param);

    private static UpstreamError? TryRead(ReadOnlySpan<byte> body)
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
                    JsonValueKind.Object => new UpstreamError(
                        Text(error, "message") ?? "(no message)", Text(error, "type"), Text(error, "code"), Text(error, "param")),
                    JsonValueKind.String => new UpstreamError(Trim(error.GetString()!), null, null, null),
                    _ => null,
                };
            }

            // Some OpenAI-compatible servers (FastAPI-based ones among them) answer {"detail": ...} or {"message": ...}.
            var message = Text(root, "message") ?? Text(root, "detail");
            return message is null ? null : new UpstreamError(message, null, null, null);
        }
        catch (JsonException)
        {
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

    public static string Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(empty)";
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]);
        var printable = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return $"'{printable}'";
    }
}
