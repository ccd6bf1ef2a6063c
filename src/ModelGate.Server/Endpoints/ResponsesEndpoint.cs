using System.Diagnostics;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
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
/// produced the response it continues first. A deployment on OpenAI itself (<see cref="IOpenAiResponsesProvider"/>)
/// gets the client's body with only <c>model</c> rewritten and its answer is relayed unchanged; OpenAI keeps such a
/// response, the gateway records only who owns it and where it lives, and a follow-up to it goes to that deployment alone.
/// </summary>
public sealed partial class ResponsesEndpoint(
    GatewayState state, AttemptLoop attempts, AdmissionStage admission, ChatAttempt attempt, IResponseStore store, TimeProvider time, ILogger<ResponsesEndpoint> logger)
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

        // OpenAI deployments take the body as it came; the others take its translation, which a feature only OpenAI's
        // API has (a custom or hosted tool, background, a stored prompt) makes impossible but not the request itself.
        var request = ResponsesRequestReader.Read(body, out error, out var untranslatable);
        var native = request is null ? null : ResponsesBodyParser.Parse(body, out error);
        if (request is null || native is null)
        {
            return error;
        }

        log.Model = request.Model;
        if (!caller.Principal.IsMaster && ReferenceToOpenAiState(body) is { } reference)
        {
            // OpenAI would resolve it under the gateway's one account, whichever key stored it: only the master key may.
            return ResponsesErrors.Unsupported(reference, "it names state OpenAI holds for the gateway's account, which the gateway cannot check this key may see; use previous_response_id.");
        }

        StoredResponse? previous = null;
        if (request.PreviousResponseId is { } previousId)
        {
            previous = caller.Visible(await store.GetAsync(previousId, context.RequestAborted));
            if (previous is null)
            {
                return ResponsesErrors.PreviousNotFound(previousId);
            }
        }

        var plan = RoutePlanner.Plan(context.Request.Headers, snapshot.Config, caller.Principal, request.Model, models: null, out error);
        if (plan is null)
        {
            return error;
        }

        // A response OpenAI holds is continued there alone; one the gateway built, by translation as before.
        var passThrough = previous is null or { PassedThrough: true };
        ChatRequest? chat = null;
        IReadOnlyList<System.Text.Json.JsonElement> history = [];
        if (previous is { PassedThrough: true })
        {
            plan = Pinned(plan, snapshot.Config, previous, out error);
            untranslatable = error ?? ResponsesErrors.HeldUpstream(previous.Id);
            if (plan is null)
            {
                return error;
            }
        }
        else if (untranslatable is null)
        {
            history = previous is null ? [] : ResponsesHistory.Deserialize(previous.History.Span);
            chat = ToChatRequest(request, history, out untranslatable);
            if (untranslatable is { Code: not ErrorCodes.UnsupportedParameter } || (chat is null && !passThrough))
            {
                return untranslatable;
            }
        }
        else if (!passThrough)
        {
            return untranslatable;
        }

        // A request the translation cannot carry goes to the deployments that take it untranslated, and to no other.
        var usable = chat is null ? plan.Only(d => snapshot.Providers[d.Provider] is IOpenAiResponsesProvider) : plan;
        if (usable is null)
        {
            return untranslatable;
        }

        if (previous is { PassedThrough: false, Deployment: { } deployment } && previous.Model == request.Model)
        {
            usable = FirstTry(usable, deployment);
        }

        var saving = ValueTask.CompletedTask;
        var translated = Translated(request, caller, log, history, task => saving = task);
        var tokens = TokenEstimate.For(body.Span, native.MaxTokens);
        using var limits = admission.Admit(context, snapshot, plan, tokens, log, out error);
        if (limits is null)
        {
            return error;
        }

        error = await attempts.RunAsync(context, snapshot, usable, tokens, log,
            (target, probe, deadline) =>
            {
                if (passThrough && snapshot.Providers[target.Provider] is IOpenAiResponsesProvider)
                {
                    var format = new ResponsesPassThroughFormat(id =>
                    {
                        if (request.Store)
                        {
                            saving = store.SaveAsync(StoredResponse.HeldUpstream(id, caller.Owner, request.Model, target.Key), CancellationToken.None);
                        }
                    });
                    return attempt.RunAsync(context, snapshot, target, probe, native, format, log, deadline,
                        (provider, call, token) => ((IOpenAiResponsesProvider)provider).SendResponseAsync(call, token));
                }

                return attempt.RunAsync(context, snapshot, target, probe, chat!, translated, log, deadline);
            });
        await saving;
        return error;
    }

    /// <summary>The format of a translated answer, which stores the response and the conversation up to it.</summary>
    private ResponsesFormat Translated(
        ResponsesRequest request, ResponsesCaller caller, RequestLog log, IReadOnlyList<System.Text.Json.JsonElement> history, Action<ValueTask> saving)
    {
        var responseId = ResponseIds.NewResponseId();
        return new ResponsesFormat(request, responseId, time.GetUtcNow().ToUnixTimeSeconds(), time, response =>
        {
            if (request.Store)
            {
                var items = ResponsesHistory.Append(history, request, response);
                var input = new Range(history.Count, history.Count + request.Input.Count);
                saving(store.SaveAsync(
                    new StoredResponse(responseId, caller.Owner, request.Model, log.Deployment, response, ResponsesHistory.Serialize(items), input),
                    CancellationToken.None));
            }
        });
    }

    /// <summary>
    /// The plan for a follow-up to a response OpenAI holds: only the deployment that produced it (or, for a follow-up
    /// naming another public model, that model's deployments on the same provider), no fallbacks, since no other
    /// upstream has the conversation. When that upstream is down, its error is the answer.
    /// </summary>
    private static RoutePlan? Pinned(RoutePlan plan, GatewayConfig config, StoredResponse previous, out GatewayError? error)
    {
        error = null;
        var model = plan.Model;
        var held = previous.Deployment ?? "";
        var provider = config.Providers.Keys.FirstOrDefault(name => held.StartsWith(name + "/", StringComparison.Ordinal));
        List<DeploymentSettings> pinned = [.. model.Deployments.Where(d => d.Key == held)];
        pinned.AddRange(model.Deployments.Where(d => d.Provider == provider && d.Key != held));
        if (pinned.Count == 0)
        {
            error = GatewayErrors.InvalidValue("previous_response_id",
                $"'{previous.Id}' is held by the upstream of deployment '{held}', which model '{model.Name}' does not use; continue it with model '{previous.Model}'.");
            return null;
        }

        var only = model with
        {
            Deployments = pinned,
            Strategy = RoutingStrategies.Default,
            Fallbacks = [],
            ContextWindowFallbacks = [],
            ContentPolicyFallbacks = [],
        };
        return plan with { Targets = [only] };
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

    /// <summary>The path of a <c>conversation</c> or an <c>item_reference</c> input item, if the body has one.</summary>
    private static string? ReferenceToOpenAiState(ReadOnlyMemory<byte> body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.TryGetProperty("conversation", out var conversation) && conversation.ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            return "conversation";
        }

        if (root.TryGetProperty("input", out var input) && input.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in input.EnumerateArray())
            {
                if (item.ValueKind == System.Text.Json.JsonValueKind.Object && item.TryGetProperty("type", out var type) && type.ValueEquals("item_reference"))
                {
                    return $"input[{index}]";
                }

                index++;
            }
        }

        return null;
    }
}
