using System.Diagnostics;
using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c>. <see cref="HandleAsync"/> runs the stages of chat in the same order: authenticate,
/// read, parse, route to the model (then its configured fallbacks), attempt its deployments until one answers,
/// respond, log.
/// </summary>
public sealed partial class EmbeddingsEndpoint(GatewayState state, EmbeddingsAttempts attempts, ILogger<EmbeddingsEndpoint> logger)
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
        var targets = Route(snapshot.Config, principal, request.Model);
        return targets is null ? GatewayErrors.ModelNotFound(request.Model) : await attempts.RunAsync(context, snapshot, targets, request, log);
    }

    /// <summary>The requested model, if the caller may use it, then its configured fallbacks the caller may use.</summary>
    private static List<ModelSettings>? Route(GatewayConfig config, Principal principal, string name)
    {
        if (!principal.MayUse(name) || !config.Models.TryGetValue(name, out var model))
        {
            return null;
        }

        return model.Fallbacks
            .Where(principal.MayUse)
            .Select(fallback => config.Models.GetValueOrDefault(fallback))
            .OfType<ModelSettings>()
            .Prepend(model)
            .ToList();
    }

    [LoggerMessage(EventName = "EmbeddingsRequest",
        Message = "embeddings {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens);
}
