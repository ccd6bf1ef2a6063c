using System.Diagnostics;
using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Usage;
using ModelGate.Core.Routing;
using ModelGate.Server.Formats;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>. <see cref="HandleAsync"/> lists the stages in order: authenticate, read,
/// parse, plan the route, attempt the deployments (and fallbacks) until one answers, respond, log.
/// </summary>
public sealed partial class ChatCompletionsEndpoint(GatewayState state, AttemptLoop attempts, AdmissionStage admission, ChatAttempt attempt, ILogger<ChatCompletionsEndpoint> logger)
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
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, log.Usage?.PromptTokens, log.Usage?.CompletionTokens);
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

        var request = ChatRequestParser.Parse(body, out error);
        if (request is null)
        {
            return error;
        }

        log.Model = request.Model;
        var plan = RoutePlanner.Plan(context.Request.Headers, snapshot.Config, principal, request.Model, request.Models, out error);
        if (plan is null)
        {
            return error;
        }

        var format = new OpenAiChatFormat(request.ClientWantsUsage);
        var tokens = TokenEstimate.For(request.Body.Span, request.MaxTokens);
        using var limits = admission.Admit(context, snapshot, plan, tokens, log, out error);
        if (limits is null)
        {
            return error;
        }

        return await attempts.RunAsync(context, snapshot, plan, tokens, log,
            (deployment, probe, deadline) => attempt.RunAsync(context, snapshot, deployment, probe, request, format, log, deadline));
    }

    [LoggerMessage(EventName = "ChatRequest",
        Message = "chat {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens, int? completionTokens);
}
