using ModelGate.Core.Auth;
using ModelGate.Core.Budgets;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Pricing;
using ModelGate.Core.RateLimiting;
using ModelGate.Core.Routing;
using ModelGate.Core.Spend;
using ModelGate.Core.Usage;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// The admission stage of every inference endpoint: after the route is planned, before the attempt loop. It reserves
/// the request's estimated cost against its key's and team's budgets, admits it against their rate limits (reserving
/// its <see cref="TokenEstimate"/> against tokens per minute), sets the <c>x-ratelimit-*</c> headers, and hands back
/// the slot to dispose when the request ends, which bills what the request used (<see cref="Billed"/>): it settles
/// the reservations and records the spend.
/// </summary>
public sealed class AdmissionStage(IRateLimiter limiter, IBudgetTracker budgets, ISpendLedger ledger, TimeProvider time)
{
    /// <summary>The slot to dispose when the request ends (success, failure or client gone); null with <paramref name="error"/> when refused.</summary>
    public Slot? Admit(HttpContext context, GatewaySnapshot snapshot, RoutePlan plan, TokenEstimate tokens, RequestLog log, out GatewayError? error)
    {
        var principal = plan.Principal;
        var budget = ReserveBudget(snapshot, plan, tokens, out error);
        if (error is not null)
        {
            return null;
        }

        IRateLimitLease? rateLease = null;
        if (principal.RateLimits.Count > 0)
        {
            var decision = limiter.TryAcquire(principal.RateLimits, tokens.Total);
            RateLimitHeaders.Set(context.Response, decision);
            if (decision.Refusal is { } refusal)
            {
                budget?.Settle(0);
                error = GatewayErrors.RateLimited(refusal);
                return null;
            }

            rateLease = decision.Lease;
        }

        return new Slot(this, context, snapshot, plan, tokens, log, rateLease, budget);
    }

    /// <summary>
    /// Reserves the request's cost at the dearest deployment it may be sent to, as it cannot be known yet which one
    /// will answer. Null without budgets.
    /// </summary>
    private IBudgetLease? ReserveBudget(GatewaySnapshot snapshot, RoutePlan plan, TokenEstimate tokens, out GatewayError? error)
    {
        error = null;
        var subjects = plan.Principal.Budgets;
        if (subjects.Count == 0)
        {
            return null;
        }

        var estimate = 0m;
        foreach (var deployment in plan.Targets.SelectMany(model => model.Deployments))
        {
            if (snapshot.Prices.For(deployment) is { } price)
            {
                estimate = Math.Max(estimate, tokens.CostAt(price));
            }
            else if (snapshot.Config.Budgets.UnknownPrice == UnknownPricePolicy.Reject)
            {
                error = GatewayErrors.PriceUnknown(deployment.Key, subjects[0].Name);
                return null;
            }
        }

        var decision = budgets.TryReserve(subjects, estimate);
        if (decision.Refusal is { } refusal)
        {
            SpendMetrics.BudgetRefusals.Add(1);
            error = GatewayErrors.BudgetExceeded(refusal, estimate);
        }

        return decision.Lease;
    }

    /// <summary>
    /// What a request is billed for, by rate limits and budgets alike: the provider's usage for a finished answer; for an
    /// answer cut short (a stream that failed or whose client left) or one without usage, the usage so far but at
    /// least the estimate's input and its whole reserved output, since the tokens generated cannot be known; nothing
    /// when no answer started.
    /// </summary>
    public static TokenUsage? Billed(RequestLog log, TokenEstimate tokens, bool answerStarted)
    {
        if (log is { Outcome: "ok", Usage: { } finished })
        {
            return finished;
        }

        if (!answerStarted && log.Usage is null)
        {
            return null;
        }

        var soFar = log.Usage ?? default;
        var prompt = Math.Max(soFar.PromptTokens, (int)Math.Min(tokens.Input, int.MaxValue));
        var completion = Math.Max(soFar.CompletionTokens, (int)Math.Min(tokens.Output, int.MaxValue));
        return soFar with { PromptTokens = prompt, CompletionTokens = completion, TotalTokens = prompt + completion };
    }

    /// <summary>The tokens a tokens-per-minute limit counts for <paramref name="usage"/>; null when it is not known.</summary>
    public static long? Tokens(TokenUsage? usage) =>
        usage is { } u ? Math.Max(u.TotalTokens, (long)u.PromptTokens + u.CompletionTokens) : null;

    private void Bill(HttpContext context, GatewaySnapshot snapshot, RoutePlan plan, TokenEstimate tokens, RequestLog log,
        IRateLimitLease? rateLease, IBudgetLease? budget)
    {
        var billed = Billed(log, tokens, context.Response.HasStarted);
        rateLease?.Release(Tokens(billed) ?? 0);
        if (billed is not { } usage)
        {
            budget?.Settle(0);
            return;
        }

        decimal? cost = log.Served is { } served && snapshot.Prices.For(served) is { } price ? Cost.Of(usage, price) : null;
        if (cost is null)
        {
            SpendMetrics.UnknownPrice.Add(1);
        }

        budget?.Settle(cost ?? 0);
        var principal = plan.Principal;
        ledger.Record(new SpendEntry(time.GetUtcNow(), principal.SpendKey, principal.TeamId, log.Model ?? plan.Model.Name, usage, cost));
    }

    /// <summary>Bills the request when disposed, however it ended.</summary>
    public sealed class Slot(AdmissionStage stage, HttpContext context, GatewaySnapshot snapshot, RoutePlan plan, TokenEstimate tokens,
        RequestLog log, IRateLimitLease? rateLease, IBudgetLease? budget) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                stage.Bill(context, snapshot, plan, tokens, log, rateLease, budget);
            }
        }
    }
}
