using System.Diagnostics;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Routing;
using ModelGate.Server.Formats;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Endpoints;

/// <summary>Sends one attempt's call to its provider through an API other than chat completions.</summary>
public delegate Task<ChatOutcome> ProviderSend(IChatProvider provider, ChatCall call, CancellationToken cancellationToken);

/// <summary>
/// One attempt on one deployment, within its deadlines: the first-byte and idle ones are the provider's part, the
/// total one is kept here, all shortened to what is left of the request's. Sends the answer when there is one and
/// reports how it went to the deployment's health. The answer reaches the client in its own <see cref="IClientFormat"/>.
/// </summary>
public sealed class ChatAttempt(IDeploymentHealth health, ILogger<ChatAttempt> logger)
{
    /// <summary>Null when the deployment answered (and the answer was sent), else why it did not.</summary>
    /// <remarks>Throws <see cref="OperationCanceledException"/> when the client went away or the request's deadline passed.</remarks>
    /// <param name="send">How the call reaches the provider, when not as a chat completion (e.g. its legacy completions API).</param>
    public async Task<AttemptFailure?> RunAsync(HttpContext context, GatewaySnapshot snapshot, DeploymentSettings deployment, bool probe,
        ChatRequest request, IClientFormat format, RequestLog log, RequestDeadline deadline, ProviderSend? send = null)
    {
        var timeouts = Shorten(deployment.Timeouts ?? snapshot.Config.Providers[deployment.Provider].Timeouts, deadline.Remaining);
        using var attemptDeadline = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        if (timeouts.Total is { } total)
        {
            attemptDeadline.CancelAfter(total);
        }

        var started = Stopwatch.GetTimestamp();
        var result = AttemptResult.Neutral;
        try
        {
            var call = new ChatCall(request, deployment, log.RequestId, timeouts);
            var provider = snapshot.Providers[deployment.Provider];
            var outcome = await (send is null ? provider.SendChatAsync(call, attemptDeadline.Token) : send(provider, call, attemptDeadline.Token));
            if (outcome is ChatFailed failed)
            {
                var failure = AttemptFailure.From(failed);
                result = AttemptResults.For(failure);
                return failure;
            }

            if (outcome is ChatCompleted completed)
            {
                var body = format.Completion(completed.Body, out var unreadable);
                if (unreadable is not null)
                {
                    result = new AttemptResult(AttemptKind.Failure);
                    return new AttemptFailure(unreadable, Retriable: true);
                }

                result = new AttemptResult(AttemptKind.Success, Stopwatch.GetElapsedTime(started));
                log.Usage = completed.Usage;
                log.Outcome = "ok";
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = body.Length;
                await context.Response.BodyWriter.WriteAsync(body, context.RequestAborted);
                return null;
            }

            await using var stream = new GuardedChatStream(((ChatStreaming)outcome).Stream, deployment.Key, logger);
            var first = await stream.ReadAsync(attemptDeadline.Token);
            if (first.Kind == StreamEventKind.Failed)
            {
                // An error event before anything else is an answer like an error status: a 4xx the request caused is final.
                var failure = new AttemptFailure(first.Error!, Retriable: first.Error!.Status is 402 or 404 or 408 or 429 or >= 500);
                result = AttemptResults.For(failure);
                return failure;
            }

            health.Answered(deployment.Key, Stopwatch.GetElapsedTime(started), probe);
            var relayed = await StreamRelay.RelayAsync(context, stream, first, format, attemptDeadline.Token,
                () => deadline.Passed(context.RequestAborted) ? deadline.Error() : AttemptTimeout(deployment, timeouts));
            // A stream cut by the request's own deadline (the caller's choice) says nothing about the deployment.
            var blamed = relayed.Failure is not null && !deadline.Passed(context.RequestAborted);
            result = blamed ? new AttemptResult(AttemptKind.Failure) : AttemptResult.Neutral;
            log.Usage = relayed.Usage;
            log.Outcome = relayed.Failure is null ? "ok" : $"stream_failed:{relayed.Failure.Code}";
            return null;
        }
        catch (OperationCanceledException) when (attemptDeadline.IsCancellationRequested && !deadline.Token.IsCancellationRequested)
        {
            // The attempt's own total timeout, before the first byte: another deployment may be quicker.
            result = new AttemptResult(AttemptKind.Failure);
            return new AttemptFailure(AttemptTimeout(deployment, timeouts), Retriable: true);
        }
        finally
        {
            health.Complete(deployment.Key, result with { Probe = probe });
        }
    }

    /// <summary>
    /// No deadline of the attempt may outlast the request's. A total timeout at or beyond the request's deadline is
    /// dropped: the request's own deadline ends the attempt then, and says so.
    /// </summary>
    private static TimeoutSettings Shorten(TimeoutSettings timeouts, TimeSpan remaining)
    {
        if (remaining == TimeSpan.MaxValue)
        {
            return timeouts;
        }

        remaining = remaining < MinimumWait ? MinimumWait : remaining;
        return timeouts with
        {
            FirstByte = Min(timeouts.FirstByte, remaining),
            Total = timeouts.Total < remaining ? timeouts.Total : null,
        };
    }

    /// <summary>A deadline that has all but passed still has to be a positive time for a timer.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static GatewayError AttemptTimeout(DeploymentSettings deployment, TimeoutSettings timeouts) =>
        GatewayErrors.UpstreamTimeout(deployment.Key, $"within the attempt's total timeout of {timeouts.Total?.TotalMilliseconds:0} ms");
}
