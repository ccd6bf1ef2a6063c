using System.Diagnostics;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Routing;
using ModelGate.Providers.Ingress.Completions;
using ModelGate.Server.Formats;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/completions</c>, OpenAI's legacy text completions. The stages are chat's: authenticate, read, parse,
/// plan the route, attempt the deployments until one answers, respond, log. A deployment whose provider has a
/// completions API (<see cref="ITextCompletionsProvider"/>) gets the client's body with only the model rewritten and
/// its answer is relayed as it came; any other gets the request mapped onto chat (<see cref="CompletionsToChat"/>)
/// and its answer turned back into a text completion (<see cref="CompletionsFormat"/>).
/// </summary>
public sealed partial class CompletionsEndpoint(GatewayState state, AttemptLoop attempts, AdmissionStage admission, ChatAttempt attempt, ILogger<CompletionsEndpoint> logger)
{
    private static readonly ProviderSend SendCompletion =
        (provider, call, cancellationToken) => ((ITextCompletionsProvider)provider).SendCompletionAsync(call, cancellationToken);

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

        var request = CompletionRequestParser.Parse(body, out error);
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

        var native = new OpenAiChatFormat(request.ClientWantsUsage);
        var tokens = TokenEstimate.For(request.Body.Span, request.MaxTokens);
        using var limits = admission.Admit(context, snapshot, plan, tokens, log, out error);
        if (limits is null)
        {
            return error;
        }

        return await attempts.RunAsync(context, snapshot, plan, tokens, log,
            (deployment, probe, deadline) => snapshot.Providers[deployment.Provider] is ITextCompletionsProvider
                ? attempt.RunAsync(context, snapshot, deployment, probe, request, native, log, deadline, SendCompletion)
                : AsChatAsync(context, snapshot, deployment, probe, request, log, deadline));
    }

    /// <summary>One attempt on a provider without a completions API: the request mapped onto chat, or refused.</summary>
    private Task<AttemptFailure?> AsChatAsync(HttpContext context, GatewaySnapshot snapshot, Core.Configuration.DeploymentSettings deployment,
        bool probe, ChatRequest request, RequestLog log, RequestDeadline deadline)
    {
        var mapped = CompletionsToChat.Translate(request.Body, snapshot.Config.Providers[deployment.Provider]);
        GatewayError? unparsable = null;
        var chat = mapped.Body is null ? null : ChatRequestParser.Parse(mapped.Body, out unparsable);
        if (chat is null)
        {
            // Refused through the attempt, so the deployment's health hears of it like any other answer.
            var refusal = new ChatFailed(mapped.Error ?? unparsable ?? GatewayErrors.Internal(), Retriable: false);
            return attempt.RunAsync(context, snapshot, deployment, probe, request, new CompletionsFormat(false), log, deadline,
                (_, _, _) => Task.FromResult<ChatOutcome>(refusal));
        }

        return attempt.RunAsync(context, snapshot, deployment, probe, chat, new CompletionsFormat(request.ClientWantsUsage), log, deadline);
    }

    [LoggerMessage(EventName = "CompletionsRequest",
        Message = "completions {RequestId} model={Model} deployment={Deployment} status={Status} outcome={Outcome} ms={DurationMs:0.0} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestId, string? model, string? deployment, int status,
        string outcome, double durationMs, int? promptTokens, int? completionTokens);
}
