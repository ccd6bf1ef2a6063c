using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;
using ModelGate.Providers.Mistral.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Mistral;

/// <summary>
/// Mistral's chat completions API (<c>POST {base_url}/chat/completions</c>, bearer key): OpenAI's shape with a
/// few renamed fields on the way in (<see cref="OpenAiToMistral"/>) and Mistral's content chunks, finish reasons
/// and usage placement normalised on the way out (<see cref="MistralToOpenAi"/>, <see cref="MistralStreamTranslator"/>).
/// </summary>
public sealed class MistralProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpChatProvider(settings, http, time)
{

    private readonly Uri endpoint = Endpoint(settings.BaseUrl!, "chat/completions");

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var (body, refusal) = OpenAiToMistral.Translate(Settings, call);
        if (refusal is not null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(refusal));
        }

        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(endpoint, body!, call.Request.Stream)));
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body)
    {
        MistralChatResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, MistralWireContext.Default.MistralChatResponse);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response?.Choices is null)
        {
            var detail = $"the response is not a chat completion: {UpstreamErrorPolicy.Excerpt(body)}";
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, detail), Retriable: true);
        }

        var completion = MistralToOpenAi.Completion(response, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());
        if (completion is null)
        {
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, "the generation ended with an error"), Retriable: true);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiWireContext.Relaxed.OpenAiChatCompletion);
        return new ChatCompleted(bytes, response.Usage is { } usage ? MistralToOpenAi.Usage(usage) : null);
    }

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) =>
        new TranslatingSseStream(new SseUpstream(body), new MistralStreamTranslator(Settings.Name, call.Deployment.Model, Time));

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        MistralErrorReader.Map(Settings.Name, status, body, retryAfter);
}
