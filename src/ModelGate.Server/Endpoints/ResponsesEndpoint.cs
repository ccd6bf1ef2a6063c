using System.Diagnostics;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;
using ModelGate.Core.Responses;
using ModelGate.Core.Routing;
using ModelGate.Providers.Ingress.Responses;
using ModelGate.Server.Formats;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/responses</c>. <see cref="RunStagesAsync"/> runs chat's stages with two more: after parsing, the
/// conversation of <c>previous_response_id</c> is loaded and the request translated into a chat request; after the
/// answer, the response is stored (<c>store</c>, true by default). A follow-up is routed to the deployment that
/// produced the response it continues first.
/// </summary>
public sealed partial class ResponsesEndpoint(
    GatewayState state, AttemptLoop attempts, ChatAttempt attempt, IResponseStore store, TimeProvider time, ILogger<ResponsesEndpoint> logger)
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
        var caller = ResponsesCaller.Authenticate(context, snapshot.Keys, out var error);
        if (caller is null)
        {
            return error;
        }

        var (body, bodyError) = await RequestBody.ReadAsync(context, snapshot.Config.Server.MaxRequestBodyBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var request = ResponsesRequestReader.Read(body, out error);
        if (request is null)
        {
            return error;
        }

        log.Model = request.Model;
        StoredResponse? previous = null;
        if (request.PreviousResponseId is { } previousId)
        {
            previous = caller.Visible(await store.GetAsync(previousId, context.RequestAborted));
            if (previous is null)
            {
                return ResponsesErrors.PreviousNotFound(previousId);
            }
        }

        var history = previous is null ? [] : ResponsesHistory.Deserialize(previous.History.Span);
        var chat = ToChatRequest(request, history, out error);
        if (chat is null)
        {
            return error;
        }

        var plan = RoutePlanner.Plan(context.Request.Headers, snapshot.Config, caller.Principal, request.Model, models: null, out error);
        if (plan is null)
        {
            return error;
        }

        if (previous is not null && previous.Model == request.Model && previous.Deployment is { } deployment)
        {
            plan = FirstTry(plan, deployment);
        }

        var responseId = ResponseIds.NewResponseId();
        var saving = ValueTask.CompletedTask;
        var format = new ResponsesFormat(request, responseId, time.GetUtcNow().ToUnixTimeSeconds(), time, response =>
        {
            if (request.Store)
            {
                var items = ResponsesHistory.Append(history, request, response);
                var input = new Range(history.Count, history.Count + request.Input.Count);
                saving = store.SaveAsync(
                    new StoredResponse(responseId, caller.Owner, request.Model, log.Deployment, response, ResponsesHistory.Serialize(items), input),
                    CancellationToken.None);
            }
        });
        error = await attempts.RunAsync(context, snapshot, plan, TokenEstimate.For(chat.Body.Length, chat.MaxTokens), log,
            (target, probe, deadline) => attempt.RunAsync(context, snapshot, target, probe, chat, format, log, deadline));
        await saving;
        return error;
    }

    /// <summary>The Responses request as the canonical chat request every provider takes.</summary>
    private static ChatRequest? ToChatRequest(ResponsesRequest request, IReadOnlyList<System.Text.Json.JsonElement> history, out GatewayError? error)
    {
        var body = ResponsesToChat.Build(request, history, out error);
        return body is null ? null : ChatRequestParser.Parse(body, out error);
    }

    /// <summary>
    /// The plan with <paramref name="deployment"/> tried first for the requested model, the model's other deployments
    /// after it in the order written, then its fallbacks as usual: a conversation stays on the upstream that holds its
    /// state (thinking signatures, prompt cache) and still survives that upstream's outage. A caller's own
    /// <c>x-modelgate-route</c> wins.
    /// </summary>
    private static RoutePlan FirstTry(RoutePlan plan, string deployment)
    {
        var model = plan.Model;
        var pinned = model.Deployments.FirstOrDefault(d => d.Key == deployment);
        if (pinned is null || plan.Override is not null)
        {
            return plan;
        }

        var reordered = model with
        {
            Deployments = [pinned, .. model.Deployments.Where(d => !ReferenceEquals(d, pinned))],
            Strategy = RoutingStrategies.Default,
        };
        return plan with { Targets = [reordered, .. plan.Targets.Skip(1)] };
    }

    [LoggerMessage(EventName = "ResponsesRequest",
        Message = "responses {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens, int? completionTokens);
}
