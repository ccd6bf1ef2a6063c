using System.Diagnostics;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Routing;

namespace ModelGate.Server.Endpoints;

/// <summary>One embeddings attempt on one deployment: sends the answer when there is one and reports how it went to the deployment's health.</summary>
public sealed class EmbeddingsAttempt(IDeploymentHealth health)
{
    /// <remarks>Throws <see cref="OperationCanceledException"/> when the client went away or the request's deadline passed.</remarks>
    public async Task<AttemptFailure?> RunAsync(HttpContext context, IEmbeddingsProvider provider, DeploymentSettings deployment, bool probe,
        EmbeddingsRequest request, RequestLog log, RequestDeadline deadline)
    {
        var started = Stopwatch.GetTimestamp();
        var result = AttemptResult.Neutral;
        try
        {
            var outcome = await provider.EmbedAsync(new EmbeddingsCall(request, deployment, log.RequestId), deadline.Token);
            if (outcome is EmbeddingsFailed failed)
            {
                var failure = new AttemptFailure(failed.Error, failed.Retriable);
                result = AttemptResults.For(failure);
                return failure;
            }

            var completed = (EmbeddingsCompleted)outcome;
            result = new AttemptResult(AttemptKind.Success, Stopwatch.GetElapsedTime(started));
            log.Usage = completed.Usage;
            log.Outcome = "ok";
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = completed.Body.Length;
            await context.Response.BodyWriter.WriteAsync(completed.Body, context.RequestAborted);
            return null;
        }
        finally
        {
            health.Complete(deployment.Key, result with { Probe = probe });
        }
    }
}
