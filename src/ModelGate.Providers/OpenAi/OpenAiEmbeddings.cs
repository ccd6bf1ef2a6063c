using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// <c>POST {base_url}/embeddings</c> on OpenAI and every OpenAI-compatible server: the client's body is forwarded
/// with only <c>model</c> rewritten (so <c>encoding_format</c>, <c>dimensions</c>, token inputs and unknown fields
/// reach the provider as sent) and the answer is relayed as it came, after checking it is well-formed JSON.
/// </summary>
public class OpenAiEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpEmbeddingsProvider(settings, http, time)
{
    private readonly Uri endpoint = settings.BaseUrl is { } baseUrl ? Endpoint(baseUrl, "embeddings") : ProviderTypes.OpenAiBaseUrl;

    /// <summary>Where the deployment's model is embedded; Azure names the deployment in the path.</summary>
    protected virtual Uri EndpointFor(string model) => endpoint;

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var body = call.Request.WithModel(call.Deployment.Model);
        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(EndpointFor(call.Deployment.Model), body)));
    }

    protected override EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers)
    {
        try
        {
            var facts = OpenAiBodyInspector.Inspect(body);
            return facts.HasError
                ? new EmbeddingsFailed(OpenAiErrorMapper.InBand(Settings.Name, body), Retriable: true)
                : new EmbeddingsCompleted(body, facts.Usage);
        }
        catch (JsonException)
        {
            return new EmbeddingsFailed(GatewayErrors.Upstream(Settings.Name, $"the response body is not valid JSON: {OpenAiErrorMapper.Excerpt(body)}"), Retriable: true);
        }
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        OpenAiErrorMapper.Map(Settings.Name, status, body, retryAfter);
}
