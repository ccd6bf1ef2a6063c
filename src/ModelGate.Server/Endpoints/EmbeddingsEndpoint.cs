using System.Diagnostics;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;
using ModelGate.Core.Routing;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c>. <see cref="HandleAsync"/> runs the stages of chat in the same order: authenticate,
/// read, parse, plan the route (deployments on providers without an embeddings API left out), attempt the
/// deployments with chat's loop until one answers, respond, log.
/// </summary>
public sealed partial class EmbeddingsEndpoint(
    GatewayState state, AttemptLoop attempts, AdmissionStage admission, EmbeddingsAttempt attempt, EmbeddingsProviders providers, ILogger<EmbeddingsEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = state.Current;
        var log = new RequestLog(RequestId.Of(context));
        try
        {
            var error = await RunStagesAsync(context, snapshot, log);
            if (error is not null)
            {
                log.Outcome = error.Code ?? "error";
                await ErrorResponse.WriteAsync(context, error);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.Outcome = "client_disconnected";
        }
        finally
        {
            var status = context.Response.StatusCode;
            LogRequest(logger, log.LevelFor(status), log.RequestId, log.Model, log.Deployment, status, log.Outcome,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, log.Usage?.PromptTokens);
        }
    }

    private async Task<GatewayError?> RunStagesAsync(HttpContext context, GatewaySnapshot snapshot, RequestLog log)
    {
        var principal = BearerKey.Authenticate(context, snapshot.Keys, out var error);
        if (principal is null)
        {
            return error;
        }

        var (body, bodyError) = await RequestBody.ReadAsync(context, snapshot.Config.Server.MaxRequestBodyBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var request = EmbeddingsRequestParser.Parse(body, out error);
        if (request is null)
        {
            return error;
        }

        log.Model = request.Model;
        var plan = RoutePlanner.Plan(context.Request.Headers, snapshot.Config, principal, request.Model, models: null, out error);
        if (plan is null)
        {
            return error;
        }

        var embedding = OnlyEmbeddingDeployments(plan, snapshot, out error);
        if (embedding is null)
        {
            return error;
        }

        var tokens = TokenEstimate.For(request.Body.Span, 0);
        using var limits = admission.Admit(context, snapshot, plan, tokens, log, out error);
        if (limits is null)
        {
            return error;
        }

        return await attempts.RunAsync(context, snapshot, embedding, tokens, log,
            (deployment, probe, deadline) => attempt.RunAsync(
                context, providers.For(snapshot, deployment.Provider)!, deployment, probe, request, log, deadline));
    }

    /// <summary>The plan with only deployments whose provider can embed; a 400 when the requested model has none.</summary>
    private RoutePlan? OnlyEmbeddingDeployments(RoutePlan plan, GatewaySnapshot snapshot, out GatewayError? error)
    {
        error = null;
        if (plan.Only(d => providers.For(snapshot, d.Provider) is not null) is { } embedding)
        {
            return embedding;
        }

        var without = plan.Model.Deployments.Select(d => $"{d.Provider} ({snapshot.Config.Providers[d.Provider].Type})").Distinct().Order();
        error = EmbeddingsErrors.NotSupported(plan.Model.Name, without);
        return null;
    }

    [LoggerMessage(EventName = "EmbeddingsRequest",
        Message = "embeddings {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens);
}
