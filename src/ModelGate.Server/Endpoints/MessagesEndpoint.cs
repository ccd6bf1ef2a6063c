using System.Diagnostics;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;
using ModelGate.Core.Routing;
using ModelGate.Core.Usage;
using ModelGate.Providers.Ingress.Anthropic;
using ModelGate.Server.Formats;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;
using ModelGate.Server.Tokens;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// Anthropic's Messages API: <c>POST /v1/messages</c> and <c>POST /v1/messages/count_tokens</c>. The stages are chat's,
/// in the same order: authenticate (<c>x-api-key</c> or a bearer key), read, translate into the canonical OpenAI chat
/// body, parse, plan the route, attempt the deployments with the shared loop, answer in Anthropic's format, log.
/// Every error is Anthropic-shaped; every response carries the request id as <c>request-id</c> and <c>x-request-id</c>.
/// </summary>
/// <remarks>
/// <c>anthropic-version</c> and <c>anthropic-beta</c> are accepted whatever their value: the gateway speaks the
/// 2023-06-01 version, and a provider is called with its own configured version.
/// </remarks>
public sealed partial class MessagesEndpoint(GatewayState state, AttemptLoop attempts, ChatAttempt attempt, ILogger<MessagesEndpoint> logger)
{
    public Task HandleAsync(HttpContext context) => RunAsync(context, "messages", MessagesStagesAsync);

    public Task HandleCountTokensAsync(HttpContext context) => RunAsync(context, "count_tokens", CountTokensStagesAsync);

    private delegate Task<GatewayError?> Stages(HttpContext context, GatewaySnapshot snapshot, RequestLog log);

    private async Task RunAsync(HttpContext context, string api, Stages stages)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = state.Current;
        var log = new RequestLog(RequestId.Of(context));
        context.Response.Headers[MessagesErrorResponse.RequestIdHeader] = log.RequestId;
        try
        {
            var error = await stages(context, snapshot, log);
            if (error is not null)
            {
                log.Outcome = error.Code ?? "error";
                await MessagesErrorResponse.WriteAsync(context, error);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.Outcome = "client_disconnected";
        }
        finally
        {
            var status = context.Response.StatusCode;
            LogRequest(logger, log.LevelFor(status), api, log.RequestId, log.Model, log.Deployment, status, log.Outcome,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, log.Usage?.PromptTokens, log.Usage?.CompletionTokens);
        }
    }

    private async Task<GatewayError?> MessagesStagesAsync(HttpContext context, GatewaySnapshot snapshot, RequestLog log)
    {
        var principal = BearerKey.AuthenticateApiKeyOrBearer(context, snapshot.Keys, out var error);
        if (principal is null)
        {
            return error;
        }

        var (body, bodyError) = await RequestBody.ReadAsync(context, snapshot.Config.Server.MaxRequestBodyBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var translation = MessagesRequestTranslator.Translate(body);
        if (translation.Error is not null)
        {
            return translation.Error;
        }

        var request = ChatRequestParser.Parse(translation.Body, out error);
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

        var format = new AnthropicMessagesFormat(translation.Model!);
        return await attempts.RunAsync(context, snapshot, plan, TokenEstimate.For(body.Length, request.MaxTokens), log,
            (deployment, probe, deadline) => attempt.RunAsync(context, snapshot, deployment, probe, request, format, log, deadline));
    }

    /// <summary>
    /// <c>{"input_tokens":N}</c>, counted by the gateway (see <see cref="MessagesTokenCounter"/>). The request is checked
    /// as <c>/v1/messages</c> checks it, less <c>max_tokens</c>, and the model must exist and be allowed to the caller.
    /// </summary>
    private async Task<GatewayError?> CountTokensStagesAsync(HttpContext context, GatewaySnapshot snapshot, RequestLog log)
    {
        var principal = BearerKey.AuthenticateApiKeyOrBearer(context, snapshot.Keys, out var error);
        if (principal is null)
        {
            return error;
        }

        var (body, bodyError) = await RequestBody.ReadAsync(context, snapshot.Config.Server.MaxRequestBodyBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var translation = MessagesRequestTranslator.Translate(CountTokensRequest.WithMaxTokens(body));
        if (translation.Error is not null)
        {
            return translation.Error;
        }

        log.Model = translation.Model;
        if (RoutePlanner.Plan(context.Request.Headers, snapshot.Config, principal, translation.Model!, models: null, out error) is null)
        {
            return error;
        }

        int tokens;
        using (var document = JsonDocument.Parse(CountTokensRequest.WithoutBom(body)))
        {
            tokens = MessagesTokenCounter.Count(document.RootElement);
        }

        log.Usage = new TokenUsage(tokens, 0, tokens);
        log.Outcome = "ok";
        var answer = JsonSerializer.SerializeToUtf8Bytes(new CountTokensResponse(tokens), CountTokensJson.Default.CountTokensResponse);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.BodyWriter.WriteAsync(answer, context.RequestAborted);
        return null;
    }

    [LoggerMessage(EventName = "MessagesRequest",
        Message = "{Api} {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string api, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens, int? completionTokens);
}
