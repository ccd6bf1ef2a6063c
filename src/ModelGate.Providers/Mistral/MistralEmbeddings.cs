using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Mistral;

/// <summary>
/// Mistral's embeddings API, <c>POST {base_url}/embeddings</c>: OpenAI's shape with <c>dimensions</c> renamed
/// <c>output_dimension</c>. Vectors are always asked for as floats and written in the client's
/// <c>encoding_format</c> by the gateway. Token-id inputs are refused (Mistral embeds text).
/// </summary>
public sealed class MistralEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpEmbeddingsProvider(settings, http, time)
{
    private readonly Uri endpoint = Endpoint(settings.BaseUrl!, "embeddings");

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var texts = EmbeddingsParams.Texts(Settings, call.Request, takesDimensions: true, out var refusal);
        if (texts is null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(refusal!));
        }

        var request = new MistralEmbeddingsRequest
        {
            Model = call.Deployment.Model,
            Input = texts,
            OutputDimension = EmbeddingsParams.Dimensions(call.Request, takesDimensions: true),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, MistralEmbeddingsWireContext.Default.MistralEmbeddingsRequest);
        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(endpoint, body)));
    }

    protected override EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers)
    {
        var response = JsonSerializer.Deserialize(body, MistralEmbeddingsWireContext.Default.MistralEmbeddingsResponse);
        if (response?.Data is not { } data || data.Count != call.Request.Count || data.Any(item => item.Embedding is null))
        {
            return Unreadable(body, "expected one embedding per input");
        }

        var vectors = data.OrderBy(item => item.Index).Select(item => item.Embedding!).ToList();
        return EmbeddingsResponseWriter.Completed(vectors, call.Deployment.Model, response.Usage?.PromptTokens ?? 0, call.Request.Encoding);
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        MistralErrorReader.Map(Settings.Name, status, body, retryAfter);
}

public sealed class MistralEmbeddingsRequest
{
    [JsonPropertyName("model")] public required string Model { get; set; }
    [JsonPropertyName("input")] public required IReadOnlyList<string> Input { get; set; }
    [JsonPropertyName("output_dimension")] public int? OutputDimension { get; set; }
}

/// <summary><c>{"id","object":"list","data":[{"object":"embedding","embedding":[…],"index":0}],"model","usage":{"prompt_tokens","total_tokens"}}</c>.</summary>
public sealed class MistralEmbeddingsResponse
{
    [JsonPropertyName("data")] public List<MistralEmbedding>? Data { get; set; }
    [JsonPropertyName("usage")] public MistralEmbeddingsUsage? Usage { get; set; }
}

public sealed class MistralEmbedding
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("embedding")] public float[]? Embedding { get; set; }
}

public sealed class MistralEmbeddingsUsage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MistralEmbeddingsRequest))]
[JsonSerializable(typeof(MistralEmbeddingsResponse))]
public sealed partial class MistralEmbeddingsWireContext : JsonSerializerContext;
