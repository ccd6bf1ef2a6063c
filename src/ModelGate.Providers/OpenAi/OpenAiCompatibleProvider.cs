using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Usage;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// OpenAI and every OpenAI-compatible server, driven by data (base URL, auth header, extra headers).
/// The client's body is forwarded with only <c>model</c> rewritten; the response is relayed as it came,
/// after checking it is well-formed. Legacy text completions go the same way to <c>/completions</c>: their bodies,
/// chunks, usage and errors have the shape of chat's where the gateway reads them.
/// </summary>
public class OpenAiCompatibleProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpChatProvider(settings, http, time), ITextCompletionsProvider
{
    private readonly Uri endpoint = Endpoint(settings.BaseUrl!, "chat/completions");
    private readonly Uri completionsEndpoint = Endpoint(settings.BaseUrl!, "completions");

    public Task<ChatOutcome> SendCompletionAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var body = PassThroughRewriter.Rewrite(call.Request, call.Deployment.Model);
        return SendAsync(call, UpstreamRequest.Send(PostJson(completionsEndpoint, body, call.Request.Stream)), cancellationToken);
    }

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var body = PassThroughRewriter.Rewrite(call.Request, call.Deployment.Model);
        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(endpoint, body, call.Request.Stream)));
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body)
    {
        try
        {
            var facts = OpenAiBodyInspector.Inspect(body);
            return facts.HasError
                ? new ChatFailed(OpenAiErrorMapper.InBand(Settings.Name, body), Retriable: true)
                : new ChatCompleted(body, facts.Usage);
        }
        catch (JsonException)
        {
            var detail = $"the response body is not valid JSON: {OpenAiErrorMapper.Excerpt(body)}";
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, detail), Retriable: true);
        }
    }

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) => new OpenAiChatStream(new SseUpstream(body));

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        OpenAiErrorMapper.Map(Settings.Name, status, body, retryAfter);
}
