using System.Diagnostics;
using System.Globalization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Routing;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// The attempt loop: each target model's deployments in its strategy's order (the requested model first, then its
/// fallbacks), each admitted by its health (cooldowns, half-open probes). A retriable failure before any byte reached the client
/// moves on; a failure the client caused is answered at once. Headers say what happened.
/// </summary>
public sealed class ChatAttempts(IDeploymentHealth health, ILogger<ChatAttempts> logger)
{
    public const string DeploymentHeader = "x-modelgate-deployment";
    public const string AttemptsHeader = "x-modelgate-attempts";
    public const string FallbackHeader = "x-modelgate-fallback";

    public async Task<GatewayError?> RunAsync(
        HttpContext context, GatewaySnapshot snapshot, IReadOnlyList<ModelSettings> targets, ChatRequest request, RequestLog log)
    {
        var model = targets[0];
        var routing = new RoutingContext(health, Random.Shared);
        ChatFailed? failure = null;
        TimeSpan? soonest = null;
        var attempts = 0;
        foreach (var target in targets)
        {
            foreach (var deployment in RoutingStrategies.ByName[target.Strategy].Order(target.Deployments, routing))
            {
                if (!health.TryAdmit(deployment.Key, out var wait, out var probe))
                {
                    soonest = soonest < wait ? soonest : wait;
                    continue;
                }

                attempts++;
                log.Deployment = deployment.Key;
                SetHeaders(context.Response, deployment, attempts, target == model ? null : target.Name);
                failure = await AttemptAsync(context, snapshot, deployment, probe, request, log);
                if (failure is null)
                {
                    return null;
                }

                if (!failure.Retriable)
                {
                    return failure.Error;
                }
            }
        }

        context.Response.Headers[AttemptsHeader] = attempts.ToString(CultureInfo.InvariantCulture);
        return failure?.Error ?? GatewayErrors.NoDeploymentAvailable(model.Name, soonest ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>One deployment: null when it answered (and the answer was sent), else why it did not.</summary>
    private async Task<ChatFailed?> AttemptAsync(
        HttpContext context, GatewaySnapshot snapshot, DeploymentSettings deployment, bool probe, ChatRequest request, RequestLog log)
    {
        var started = Stopwatch.GetTimestamp();
        var result = AttemptResult.Neutral;
        try
        {
            var outcome = await snapshot.Providers[deployment.Provider].SendChatAsync(new ChatCall(request, deployment, log.RequestId), context.RequestAborted);
            if (outcome is ChatFailed failed)
            {
                result = failed.Retriable ? new AttemptResult(AttemptKind.Failure, RetryAfter: failed.Error.RetryAfter) : AttemptResult.Neutral;
                return failed;
            }

            if (outcome is ChatCompleted completed)
            {
                result = new AttemptResult(AttemptKind.Success, Stopwatch.GetElapsedTime(started));
                log.Usage = completed.Usage;
                log.Outcome = "ok";
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = completed.Body.Length;
                await context.Response.BodyWriter.WriteAsync(completed.Body, context.RequestAborted);
                return null;
            }

            await using var stream = new GuardedChatStream(((ChatStreaming)outcome).Stream, deployment.Key, logger);
            var first = await stream.ReadAsync(context.RequestAborted);
            if (first.Kind == StreamEventKind.Failed)
            {
                result = new AttemptResult(AttemptKind.Failure);
                return new ChatFailed(first.Error!, Retriable: true);
            }

            var latency = Stopwatch.GetElapsedTime(started);
            var relayed = await StreamRelay.RelayAsync(context, stream, first, request.ClientWantsUsage);
            result = new AttemptResult(relayed.Failure is null ? AttemptKind.Success : AttemptKind.Failure, latency);
            log.Usage = relayed.Usage;
            log.Outcome = relayed.Failure is null ? "ok" : $"stream_failed:{relayed.Failure.Code}";
            return null;
        }
        finally
        {
            health.Complete(deployment.Key, result with { Probe = probe });
        }
    }

    private static void SetHeaders(HttpResponse response, DeploymentSettings deployment, int attempts, string? fallback)
    {
        response.Headers[DeploymentHeader] = deployment.Key;
        response.Headers[AttemptsHeader] = attempts.ToString(CultureInfo.InvariantCulture);
        if (fallback is not null)
        {
            response.Headers[FallbackHeader] = fallback;
        }
    }
}
