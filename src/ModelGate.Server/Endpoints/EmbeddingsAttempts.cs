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
/// The embeddings attempt loop, with the rules of <see cref="ChatAttempts"/>: each target model's deployments in its
/// strategy's order, each admitted by its health; a retriable failure moves on, a failure the client caused is
/// answered at once; the same headers. It is its own small loop because chat's is bound to chat requests and
/// streams. Deployments on providers without an embeddings API are passed over; a model with nothing else is a 400.
/// </summary>
public sealed class EmbeddingsAttempts(IDeploymentHealth health, EmbeddingsProviders providers)
{
    public async Task<GatewayError?> RunAsync(
        HttpContext context, GatewaySnapshot snapshot, IReadOnlyList<ModelSettings> targets, EmbeddingsRequest request, RequestLog log)
    {
        var model = targets[0];
        var routing = new RoutingContext(health, Random.Shared);
        EmbeddingsFailed? failure = null;
        TimeSpan? soonest = null;
        var attempts = 0;
        var withoutEmbeddings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            foreach (var deployment in RoutingStrategies.ByName[target.Strategy].Order(target.Deployments, routing))
            {
                if (providers.For(snapshot, deployment.Provider) is not { } provider)
                {
                    withoutEmbeddings.Add($"{deployment.Provider} ({snapshot.Config.Providers[deployment.Provider].Type})");
                    continue;
                }

                if (!health.TryAdmit(deployment.Key, out var wait, out var probe))
                {
                    soonest = soonest < wait ? soonest : wait;
                    continue;
                }

                attempts++;
                log.Deployment = deployment.Key;
                SetHeaders(context.Response, deployment, attempts, target == model ? null : target.Name);
                failure = await AttemptAsync(context, provider, deployment, probe, request, log);
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

        context.Response.Headers[ChatAttempts.AttemptsHeader] = attempts.ToString(CultureInfo.InvariantCulture);
        if (failure is null && soonest is null && withoutEmbeddings.Count > 0)
        {
            return EmbeddingsErrors.NotSupported(model.Name, withoutEmbeddings);
        }

        return failure?.Error ?? GatewayErrors.NoDeploymentAvailable(model.Name, soonest ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>One deployment: null when it answered (and the answer was sent), else why it did not.</summary>
    private async Task<EmbeddingsFailed?> AttemptAsync(
        HttpContext context, IEmbeddingsProvider provider, DeploymentSettings deployment, bool probe, EmbeddingsRequest request, RequestLog log)
    {
        var started = Stopwatch.GetTimestamp();
        var result = AttemptResult.Neutral;
        try
        {
            var outcome = await provider.EmbedAsync(new EmbeddingsCall(request, deployment, log.RequestId), context.RequestAborted);
            if (outcome is EmbeddingsFailed failed)
            {
                result = failed.Retriable ? new AttemptResult(AttemptKind.Failure, RetryAfter: failed.Error.RetryAfter) : AttemptResult.Neutral;
                return failed;
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

    private static void SetHeaders(HttpResponse response, DeploymentSettings deployment, int attempts, string? fallback)
    {
        response.Headers[ChatAttempts.DeploymentHeader] = deployment.Key;
        response.Headers[ChatAttempts.AttemptsHeader] = attempts.ToString(CultureInfo.InvariantCulture);
        if (fallback is not null)
        {
            response.Headers[ChatAttempts.FallbackHeader] = fallback;
        }
    }
}
