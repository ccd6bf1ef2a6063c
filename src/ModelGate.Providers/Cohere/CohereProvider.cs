using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Cohere.Wire;
using ModelGate.Providers.Http;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Cohere;

/// <summary>Cohere's Chat API v2: <c>POST {base_url}/chat</c> with a bearer key, translated both ways.</summary>
public sealed class CohereProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpChatProvider(settings, http, time)
{

    private readonly Uri endpoint = Endpoint(settings.BaseUrl!, "chat");

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var request = new OpenAiToCohere(Settings).Translate(call, out var refusal);
        if (request is null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(refusal!));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(request, CohereWireContext.Default.CohereChatRequest);
        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(endpoint, body, call.Request.Stream)));
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body)
    {
        CohereChatResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, CohereWireContext.Default.CohereChatResponse);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response?.Message is null)
        {
            var detail = $"the response is not a chat response: {UpstreamErrorPolicy.Excerpt(body)}";
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, detail), Retriable: true);
        }

        var completion = CohereToOpenAi.Completion(response, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());
        if (completion is null)
        {
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, $"the generation ended with {response.FinishReason}"), Retriable: true);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiWireContext.Relaxed.OpenAiChatCompletion);
        return new ChatCompleted(bytes, response.Usage is { } usage ? CohereToOpenAi.Usage(usage) : null);
    }

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) =>
        new TranslatingSseStream(new SseUpstream(body), new CohereStreamTranslator(Settings.Name, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds()));

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        CohereErrorReader.Map(Settings.Name, status, body, retryAfter);
}
