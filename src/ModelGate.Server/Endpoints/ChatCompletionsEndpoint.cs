using System.Diagnostics;
using ModelGate.Core.Auth;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Usage;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>. <see cref="HandleAsync"/> lists the stages in order: authenticate, read,
/// parse, route, attempt each deployment until one answers, respond, log.
/// </summary>
public sealed partial class ChatCompletionsEndpoint(GatewayState state, ILogger<ChatCompletionsEndpoint> logger)
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

    private static async Task<GatewayError?> RunStagesAsync(HttpContext context, GatewaySnapshot snapshot, RequestLog log)
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
        var model = Route(snapshot.Config, principal, request.Model);
        if (model is null)
        {
            return GatewayErrors.ModelNotFound(request.Model);
        }

        return await AttemptAsync(context, snapshot, model, request, log);
    }

    private static ModelSettings? Route(GatewayConfig config, Principal principal, string model) =>
        principal.MayUse(model) && config.Models.TryGetValue(model, out var settings) ? settings : null;

    /// <summary>Tries the deployments in order; a retriable failure before any byte reached the client moves on.</summary>
    private static async Task<GatewayError?> AttemptAsync(
        HttpContext context, GatewaySnapshot snapshot, ModelSettings model, ChatRequest request, RequestLog log)
    {
        ChatFailed? failure = null;
        foreach (var deployment in model.Deployments)
        {
            log.Deployment = $"{deployment.Provider}/{deployment.Model}";
            var call = new ChatCall(request, deployment, log.RequestId);
            var outcome = await snapshot.Providers[deployment.Provider].SendChatAsync(call, context.RequestAborted);
            switch (outcome)
            {
                case ChatCompleted completed:
                    log.Usage = completed.Usage;
                    log.Outcome = "ok";
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = completed.Body.Length;
                    await context.Response.BodyWriter.WriteAsync(completed.Body, context.RequestAborted);
                    return null;
                case ChatStreaming streaming:
                    await using (streaming.Stream)
                    {
                        var first = await streaming.Stream.ReadAsync(context.RequestAborted);
                        if (first.Kind == StreamEventKind.Failed)
                        {
                            failure = new ChatFailed(first.Error!, Retriable: true);
                            break;
                        }

                        var result = await StreamRelay.RelayAsync(context, streaming.Stream, first, request.ClientWantsUsage);
                        log.Usage = result.Usage;
                        log.Outcome = result.Failure is null ? "ok" : $"stream_failed:{result.Failure.Code}";
                        return null;
                    }

                case ChatFailed failed:
                    failure = failed;
                    break;
            }

            if (!failure!.Retriable)
            {
                break;
            }
        }

        return failure!.Error;
    }

    private sealed class RequestLog(string requestId)
    {
        public string RequestId { get; } = requestId;
        public string? Model { get; set; }
        public string? Deployment { get; set; }
        public string Outcome { get; set; } = "ok";
        public TokenUsage? Usage { get; set; }

        /// <summary>
        /// Successes at Debug: a console line per request would cost more than the proxying itself. Failures the
        /// operator should see at Warning, client-side problems at Information.
        /// </summary>
        public LogLevel LevelFor(int status) => Outcome switch
        {
            "ok" => LogLevel.Debug,
            _ when status >= 500 || Outcome.StartsWith("stream_failed", StringComparison.Ordinal) => LogLevel.Warning,
            _ => LogLevel.Information,
        };
    }

    [LoggerMessage(EventName = "ChatRequest",
        Message = "chat {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens, int? completionTokens);
}
