using System.Diagnostics;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
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
/// in the same order: authenticate (<c>x-api-key</c> or a bearer key), read, parse, plan the route, attempt the
/// deployments with the shared loop, answer in Anthropic's format, log. An Anthropic provider gets the client's bytes
/// with only <c>model</c> rewritten and its answer relayed unchanged; the others get the request translated into the
/// canonical OpenAI chat body and their answers translated back.
/// Every error is Anthropic-shaped; every response carries the request id as <c>request-id</c> and <c>x-request-id</c>.
/// </summary>
/// <remarks>
/// <c>anthropic-version</c> and <c>anthropic-beta</c> are accepted whatever their value; both go on to Anthropic
/// providers with the request. Translated requests speak the 2023-06-01 version.
/// </remarks>
public sealed partial class MessagesEndpoint(GatewayState state, AttemptLoop attempts, AdmissionStage admission, ChatAttempt attempt, ILogger<MessagesEndpoint> logger)
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

        // Anthropic providers take the body as it came; the others take its translation, which a field that only
        // Anthropic's API has (a server tool, context management) makes impossible but not the request itself.
        var translation = MessagesRequestTranslator.Translate(body);
        if (translation.Error is { Code: not ErrorCodes.UnsupportedParameter } invalid)
        {
            return invalid;
        }

        var native = ChatRequestParser.Parse(body, out error);
        var translated = translation.Error is null ? ChatRequestParser.Parse(translation.Body, out error) : null;
        if (native is null || (translation.Error is null && translated is null))
        {
            return error;
        }

        log.Model = native.Model;
        var plan = RoutePlanner.Plan(context.Request.Headers, snapshot.Config, principal, native.Model, models: null, out error);
        if (plan is null)
        {
            return error;
        }

        // A request only Anthropic's API can carry goes to the Anthropic deployments alone.
        var usable = translated is null ? plan.Only(d => snapshot.Providers[d.Provider] is IAnthropicMessagesProvider) : plan;
        if (usable is null)
        {
            return translation.Error;
        }

        var headers = new AnthropicHeaders(context.Request.Headers["anthropic-version"], context.Request.Headers["anthropic-beta"]);
        var tokens = TokenEstimate.For(body.Span, native.MaxTokens);
        using var limits = admission.Admit(context, snapshot, plan, tokens, log, out error);
        if (limits is null)
        {
            return error;
        }

        return await attempts.RunAsync(context, snapshot, usable, tokens, log,
            (deployment, probe, deadline) => snapshot.Providers[deployment.Provider] is IAnthropicMessagesProvider
                ? attempt.RunAsync(context, snapshot, deployment, probe, native, new AnthropicPassThroughFormat(native.Model), log, deadline,
                    (provider, call, token) => ((IAnthropicMessagesProvider)provider).SendMessagesAsync(call, headers, token))
                : attempt.RunAsync(context, snapshot, deployment, probe, translated!, new AnthropicMessagesFormat(native.Model), log, deadline));
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
