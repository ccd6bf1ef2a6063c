using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;

namespace ModelGate.Providers.Translation;

/// <summary>What a provider's error body said, in whatever shape it came.</summary>
/// <param name="Overloaded">The provider says it is overloaded (Anthropic's 529 <c>overloaded_error</c>, Gemini's <c>UNAVAILABLE</c>).</param>
public sealed record ProviderError(string Message, string? Type, string? Code, string? Param, bool Overloaded = false);

/// <summary>
/// Decides what the client sees when a provider fails, the same way for every provider: 4xx keep their
/// status and the provider's message, type, param and code (404 and 402 still let another deployment try);
/// 401/403 become 502 <c>upstream_auth_failed</c>, since they blame the gateway's provider key, not the
/// client's; an overloaded provider is 503 <c>upstream_overloaded</c>; other 5xx and unreadable bodies are 502
/// <c>upstream_error</c>. A provider's <c>retry-after</c> is kept as it came (the client-facing default is the response writer's).
/// </summary>
public static class UpstreamErrorPolicy
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public static ChatFailed Classify(string provider, int status, ProviderError? error, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        if (status is 401 or 403)
        {
            var detail = error?.Message ?? $"unreadable body {Excerpt(body)}";
            return new ChatFailed(GatewayErrors.UpstreamAuthFailed(provider, status, detail), Retriable: true);
        }

        if (error is null && status == 429)
        {
            error = new ProviderError($"rate limited (unreadable body {Excerpt(body)})", null, null, null);
        }

        if (error is null)
        {
            var unreadable = GatewayErrors.Upstream(provider, $"HTTP {status} with an unreadable error body: {Excerpt(body)}");
            return new ChatFailed(unreadable with { RetryAfter = retryAfter }, Retriable: status is 429 or >= 500);
        }

        if (error.Overloaded)
        {
            return new ChatFailed(GatewayErrors.UpstreamOverloaded(provider, error.Message) with { RetryAfter = retryAfter }, Retriable: true);
        }

        if (status >= 500 || status < 400)
        {
            var failure = GatewayErrors.Upstream(provider, $"HTTP {status}: {error.Message}") with { RetryAfter = retryAfter };
            return new ChatFailed(failure, Retriable: true);
        }

        var type = error.Type ?? (status == 429 ? ErrorTypes.RateLimit : ErrorTypes.InvalidRequest);
        var code = IsContextWindowExceeded(status, error.Message) ? ErrorCodes.ContextLengthExceeded : error.Code ?? ErrorCodes.UpstreamError;
        var passed = new GatewayError(status, type, code, error.Message, error.Param, retryAfter);
        // 404 and 402 blame the deployment (a model it does not have, an account out of credit), not the request.
        return new ChatFailed(passed, Retriable: status is 402 or 404 or 408 or 429);
    }

    /// <summary>
    /// How each provider words a prompt that does not fit the model (OpenAI and vLLM "maximum context length",
    /// Anthropic "prompt is too long", Gemini "exceeds the maximum number of tokens", Bedrock "input is too long",
    /// Cohere "too many tokens"). They become OpenAI's <c>context_length_exceeded</c> so routing can act on one code.
    /// </summary>
    private static readonly string[] ContextWindowPhrases =
    [
        "context_length_exceeded", "context length", "context window", "prompt is too long", "input is too long",
        "too many input tokens", "too many tokens", "exceeds the maximum number of tokens",
    ];

    private static bool IsContextWindowExceeded(int status, string message) =>
        status is 400 or 413 or 422 && ContextWindowPhrases.Any(phrase => message.Contains(phrase, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads <c>retry-after</c> (seconds or HTTP date) or the <c>retry-after-ms</c> some providers send, capped at a day.</summary>
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

    /// <summary>The start of a body as printable text, for error messages about bodies that could not be read.</summary>
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
