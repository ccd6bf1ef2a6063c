using System.Globalization;
using ModelGate.Core.RateLimiting;

namespace ModelGate.Server.Http;

/// <summary>
/// OpenAI's <c>x-ratelimit-*</c> headers for the tightest limit of each kind: limit, remaining, and the time until the
/// window is back to its initial state, written as a Go duration the way OpenAI writes it (<c>12ms</c>, <c>8.64s</c>, <c>1m0s</c>).
/// </summary>
public static class RateLimitHeaders
{
    public const string LimitRequests = "x-ratelimit-limit-requests";
    public const string RemainingRequests = "x-ratelimit-remaining-requests";
    public const string ResetRequests = "x-ratelimit-reset-requests";
    public const string LimitTokens = "x-ratelimit-limit-tokens";
    public const string RemainingTokens = "x-ratelimit-remaining-tokens";
    public const string ResetTokens = "x-ratelimit-reset-tokens";

    public static void Set(HttpResponse response, RateLimitDecision decision)
    {
        if (decision.Requests is { } requests)
        {
            Set(response, requests, LimitRequests, RemainingRequests, ResetRequests);
        }

        if (decision.Tokens is { } tokens)
        {
            Set(response, tokens, LimitTokens, RemainingTokens, ResetTokens);
        }
    }

    private static void Set(HttpResponse response, RateLimitState state, string limit, string remaining, string reset)
    {
        response.Headers[limit] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[remaining] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[reset] = Duration(state.Reset);
    }

    /// <summary>A Go duration to the millisecond: <c>0s</c>, <c>250ms</c>, <c>8.64s</c>, <c>1m0s</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var ms = (long)Math.Ceiling(span.TotalMilliseconds);
        if (ms <= 0)
        {
            return "0s";
        }

        if (ms < 1000)
        {
            return $"{ms}ms";
        }

        var minutes = ms / 60_000;
        var seconds = (ms % 60_000 / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
        return minutes > 0 ? $"{minutes}m{seconds}s" : $"{seconds}s";
    }
}
