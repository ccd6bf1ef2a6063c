using System.Globalization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.RateLimiting;
using ModelGate.Core.Routing;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Endpoints;

/// <summary>One attempt on one deployment: null when it answered (and the answer was sent), else how it failed.</summary>
public delegate Task<AttemptFailure?> Attempt(DeploymentSettings deployment, bool probe, RequestDeadline deadline);

/// <summary>
/// The attempt loop, shared by every endpoint. A round tries each target model's deployments in its strategy's order (the requested model
/// first, then its fallbacks), each admitted by its health. A transient failure before any byte reached the client
/// moves on; a failure the client caused is answered at once; a prompt too long or refused on content policy jumps to
/// the model's matching fallbacks. When a whole round failed transiently, further rounds follow after a backoff with
/// full jitter, within the retry budget and the request's deadline. Headers say what happened.
/// </summary>
public sealed class AttemptLoop(IDeploymentHealth health, RetryBudget budget, IRateLimiter limiter, TimeProvider time)
{
    public const string DeploymentHeader = "x-modelgate-deployment";
    public const string AttemptsHeader = "x-modelgate-attempts";
    public const string FallbackHeader = "x-modelgate-fallback";
    public const string FallbackReasonHeader = "x-modelgate-fallback-reason";

    private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(20);

    /// <param name="tokens">The request's estimated size, for the <c>lowest-cost</c> strategy.</param>
    /// <returns>Null when a deployment answered; else the error to answer with.</returns>
    public async Task<GatewayError?> RunAsync(
        HttpContext context, GatewaySnapshot snapshot, RoutePlan plan, TokenEstimate tokens, RequestLog log, Attempt attempt)
    {
        using var inFlight = budget.Enter();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (plan.Timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        var run = new AttemptRun(context, snapshot, plan, tokens, log, attempt, new RequestDeadline(deadline.Token, plan.Timeout, time.GetTimestamp(), time), health);
        var retry = snapshot.Config.Routing.Retry;
        var retrying = false;
        try
        {
            for (var round = 0; ; round++)
            {
                var answer = await RoundAsync(run);
                if (retrying)
                {
                    budget.EndRetry();
                    retrying = false;
                }

                if (answer.Finished)
                {
                    return answer.Error;
                }

                if (round >= retry.Max || run.Attempted == 0 || run.Retriable.Count == 0)
                {
                    break;
                }

                // A provider's retry-after is honoured to the letter; the margin covers the timer firing a little ahead of
                // the wall clock the cooldown is kept in.
                var wait = retry.Backoff(round + 1, Random.Shared);
                wait = run.RetryAfter > wait ? run.RetryAfter.Value + RetryAfterMargin : wait;
                if (wait > retry.MaxDelay || run.Deadline.Remaining <= wait || !budget.TryStartRetry(retry))
                {
                    break;
                }

                // The retry slot is held through the wait and the round it leads to.
                retrying = true;
                await Task.Delay(wait, time, run.Deadline.Token);
                run.StartRound();
            }
        }
        catch (OperationCanceledException) when (run.Deadline.Passed(context.RequestAborted))
        {
            run.Failure = new AttemptFailure(run.Deadline.Error(), Retriable: false);
        }
        finally
        {
            if (retrying)
            {
                budget.EndRetry();
            }
        }

        context.Response.Headers[AttemptsHeader] = run.Attempts.ToString(CultureInfo.InvariantCulture);
        return run.Failure?.Error ?? GatewayErrors.NoDeploymentAvailable(plan.Model.Name, run.Soonest ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>One pass over the targets: finished when a deployment answered or the request cannot go on.</summary>
    private async Task<(bool Finished, GatewayError? Error)> RoundAsync(AttemptRun run)
    {
        for (var index = 0; index < run.Targets.Count; index++)
        {
            var step = await TryModelAsync(run, run.Targets[index].Model, run.Targets[index].Reason);
            if (step == Step.Finished)
            {
                return (true, run.Answer);
            }

            // The targets were replaced by the model's context-window or content-policy fallbacks: start on them.
            index = step == Step.Jumped ? -1 : index;
        }

        return (false, null);
    }

    private enum Step
    {
        Exhausted,
        Finished,
        Jumped,
    }

    private async Task<Step> TryModelAsync(AttemptRun run, ModelSettings target, string? reason)
    {
        foreach (var deployment in run.Candidates(target))
        {
            if (!health.TryAdmit(deployment.Key, out var wait, out var probe))
            {
                run.Soonest = run.Soonest < wait ? run.Soonest : wait;
                continue;
            }

            // A deployment at its own rate limit is passed over like one cooling down (its health slot given back).
            var lease = AdmitToLimits(run, deployment, out wait);
            if (lease is null)
            {
                health.Complete(deployment.Key, AttemptResult.Neutral with { Probe = probe });
                run.Soonest = run.Soonest < wait ? run.Soonest : wait;
                continue;
            }

            run.Attempted++;
            run.Attempts++;
            run.Log.Served = deployment;
            SetHeaders(run.Context.Response, deployment, run.Attempts, reason is null ? null : (target.Name, reason));
            AttemptFailure? outcome = null;
            try
            {
                outcome = await run.Attempt(deployment, probe, run.Deadline);
            }
            finally
            {
                // A failed attempt used no tokens there; an answer uses what the provider reported (else the estimate).
                lease.Release(outcome is null ? AdmissionStage.Tokens(run.Log.Usage) : 0);
            }

            if (outcome is not { } failure)
            {
                run.Answer = null;
                return Step.Finished;
            }

            run.Failure = failure;
            switch (FailureClassifier.Classify(failure))
            {
                case FailureClass.Fatal:
                    run.Answer = failure.Error;
                    return Step.Finished;
                // Only the requested model's own special fallbacks are followed: fallbacks of fallbacks never are, so two
                // models naming each other cannot send a request round in circles.
                case FailureClass.ContextWindowExceeded:
                    return Jump(run, failure, reason is null ? target.ContextWindowFallbacks : [], "context_window");
                case FailureClass.ContentPolicy:
                    return Jump(run, failure, reason is null ? target.ContentPolicyFallbacks : [], "content_policy");
                case FailureClass.RetryElsewhere:
                    run.Retriable.Remove(deployment.Key);
                    break;
                default:
                    run.NoteRetryAfter(failure.Error.RetryAfter ?? TimeSpan.Zero);
                    break;
            }
        }

        return Step.Exhausted;
    }

    private IRateLimitLease? AdmitToLimits(AttemptRun run, DeploymentSettings deployment, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (!deployment.Limits.Any)
        {
            return RateLimitDecision.Unlimited.Lease;
        }

        var decision = limiter.TryAcquire([new RateLimitSubject($"deployment:{deployment.Key}", $"deployment '{deployment.Key}'", deployment.Limits)], run.Tokens.Total);
        wait = decision.Refusal?.RetryAfter ?? TimeSpan.Zero;
        return decision.Lease;
    }

    private static Step Jump(AttemptRun run, AttemptFailure failure, IReadOnlyList<string> fallbacks, string reason)
    {
        if (run.JumpTo(fallbacks, reason))
        {
            return Step.Jumped;
        }

        run.Answer = failure.Error;
        return Step.Finished;
    }

    private static void SetHeaders(HttpResponse response, DeploymentSettings deployment, int attempts, (string Model, string Reason)? fallback)
    {
        response.Headers[DeploymentHeader] = deployment.Key;
        response.Headers[AttemptsHeader] = attempts.ToString(CultureInfo.InvariantCulture);
        if (fallback is var (model, reason))
        {
            response.Headers[FallbackHeader] = model;
            response.Headers[FallbackReasonHeader] = reason;
        }
        else
        {
            // A retry round may come back to the requested model after a fallback was tried.
            response.Headers.Remove(FallbackHeader);
            response.Headers.Remove(FallbackReasonHeader);
        }
    }
}
