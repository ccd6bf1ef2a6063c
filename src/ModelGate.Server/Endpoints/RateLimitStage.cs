using ModelGate.Core.Auth;
using ModelGate.Core.Errors;
using ModelGate.Core.RateLimiting;
using ModelGate.Core.Routing;
using ModelGate.Core.Usage;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// The rate-limit stage of every inference endpoint: after the model is known, before the attempt loop. It admits
/// the request against its key's and team's limits (reserving the request's <see cref="TokenEstimate"/> against
/// tokens per minute), sets the <c>x-ratelimit-*</c> headers, and hands back the slot to release when the request
/// ends, which settles the reservation on the real usage in <see cref="RequestLog.Usage"/>.
/// </summary>
public sealed class RateLimitStage(IRateLimiter limiter)
{
    /// <summary>The slot to dispose when the request ends (success, failure or client gone); null with <paramref name="error"/> when refused.</summary>
    public Slot? Admit(HttpContext context, Principal principal, TokenEstimate tokens, RequestLog log, out GatewayError? error)
    {
        error = null;
        if (principal.RateLimits.Count == 0)
        {
            return new Slot(null, context, log);
        }

        var decision = limiter.TryAcquire(principal.RateLimits, tokens.Total);
        RateLimitHeaders.Set(context.Response, decision);
        if (decision.Refusal is { } refusal)
        {
            error = GatewayErrors.RateLimited(refusal);
            return null;
        }

        return new Slot(decision.Lease, context, log);
    }

    /// <summary>
    /// Releases the request's parallel slots and settles its tokens: the usage when the provider reported it; none when
    /// no answer started (every attempt failed before its first byte); else (a stream cut before its usage) the estimate stands.
    /// </summary>
    public sealed class Slot(IRateLimitLease? lease, HttpContext context, RequestLog log) : IDisposable
    {
        public void Dispose() => lease?.Release(Tokens(log.Usage) ?? (context.Response.HasStarted ? null : 0));
    }

    /// <summary>The tokens a tokens-per-minute limit counts for <paramref name="usage"/>; null when it is not known.</summary>
    public static long? Tokens(TokenUsage? usage) =>
        usage is { } u ? Math.Max(u.TotalTokens, (long)u.PromptTokens + u.CompletionTokens) : null;
}
