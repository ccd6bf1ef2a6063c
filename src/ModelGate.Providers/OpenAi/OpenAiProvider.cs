using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// OpenAI itself (provider type <c>openai</c>): everything <see cref="OpenAiCompatibleProvider"/> does, and OpenAI's
/// Responses API, which other OpenAI-compatible servers do not all offer. A Responses body goes to
/// <c>{base_url}/responses</c> with only <c>model</c> rewritten; the answer comes back untranslated.
/// </summary>
public sealed class OpenAiProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    : OpenAiCompatibleProvider(settings, http, time), IOpenAiResponsesProvider
{
    private readonly Uri baseUrl = settings.BaseUrl!;
    private readonly Uri responsesEndpoint = Endpoint(settings.BaseUrl!, "responses");

    public Task<ChatOutcome> SendResponseAsync(ChatCall call, CancellationToken cancellationToken)
    {
        // A Responses stream always ends with its usage; OpenAI's Responses API has no stream_options.include_usage.
        var body = PassThroughRewriter.Rewrite(call.Request, call.Deployment.Model, askForUsage: false);
        var readers = new AnswerReaders(
            bytes => OpenAiResponsesAnswer.Untranslated(Settings.Name, bytes),
            upstream => new OpenAiResponsesStream(new SseUpstream(upstream)));
        return SendAsync(call, UpstreamRequest.Send(PostJson(responsesEndpoint, body, call.Request.Stream)), readers, cancellationToken);
    }

    public Task<ForwardedAnswer> ForwardAsync(HttpMethod method, string path, string query, string requestId, CancellationToken cancellationToken) =>
        ForwardAsync(method, new Uri(Endpoint(baseUrl, path) + query), requestId, cancellationToken);
}
