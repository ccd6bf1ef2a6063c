using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Cohere;

/// <summary>
/// Cohere's Embed API v2, <c>POST {base_url}/embed</c>: the inputs as <c>texts</c>, <c>embedding_types: ["float"]</c>,
/// <c>dimensions</c> as <c>output_dimension</c> (embed-v4 and newer), and <c>input_type: search_document</c>, which
/// Cohere requires and OpenAI's API cannot say; documents are what most embedding calls index. Usage is
/// <c>meta.billed_units.input_tokens</c>.
/// </summary>
public sealed class CohereEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpEmbeddingsProvider(settings, http, time)
{
    public const string DefaultInputType = "search_document";

    private readonly Uri endpoint = Endpoint(settings.BaseUrl!, "embed");

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var texts = EmbeddingsParams.Texts(Settings, call.Request, takesDimensions: true, out var refusal);
        if (texts is null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(refusal!));
        }

        var request = new CohereEmbedRequest
        {
            Model = call.Deployment.Model,
            Texts = texts,
            InputType = DefaultInputType,
            EmbeddingTypes = ["float"],
            OutputDimension = EmbeddingsParams.Dimensions(call.Request, takesDimensions: true),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, CohereEmbedWireContext.Default.CohereEmbedRequest);
        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(endpoint, body)));
    }

    protected override EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers)
    {
        var response = JsonSerializer.Deserialize(body, CohereEmbedWireContext.Default.CohereEmbedResponse);
        if (response?.Embeddings?.Float is not { } vectors || vectors.Count != call.Request.Count)
        {
            return Unreadable(body, "expected one float embedding per input");
        }

        var tokens = response.Meta?.BilledUnits?.InputTokens ?? 0;
        return EmbeddingsResponseWriter.Completed(vectors, call.Deployment.Model, (int)tokens, call.Request.Encoding);
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        CohereErrorReader.Map(Settings.Name, status, body, retryAfter);
}

public sealed class CohereEmbedRequest
{
    [JsonPropertyName("model")] public required string Model { get; set; }
    [JsonPropertyName("texts")] public required IReadOnlyList<string> Texts { get; set; }
    [JsonPropertyName("input_type")] public required string InputType { get; set; }
    [JsonPropertyName("embedding_types")] public required IReadOnlyList<string> EmbeddingTypes { get; set; }
    [JsonPropertyName("output_dimension")] public int? OutputDimension { get; set; }
}

/// <summary><c>{"id","embeddings":{"float":[[…]]},"texts":[…],"meta":{"billed_units":{"input_tokens":N}},"response_type":"embeddings_by_type"}</c>.</summary>
public sealed class CohereEmbedResponse
{
    [JsonPropertyName("embeddings")] public CohereEmbeddingsByType? Embeddings { get; set; }
    [JsonPropertyName("meta")] public CohereEmbedMeta? Meta { get; set; }
}

public sealed class CohereEmbeddingsByType
{
    [JsonPropertyName("float")] public List<float[]>? Float { get; set; }
}

public sealed class CohereEmbedMeta
{
    [JsonPropertyName("billed_units")] public CohereBilledUnits? BilledUnits { get; set; }
}

public sealed class CohereBilledUnits
{
    /// <summary>A number, sometimes written with a fraction (<c>5.0</c>).</summary>
    [JsonPropertyName("input_tokens")] public double? InputTokens { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CohereEmbedRequest))]
[JsonSerializable(typeof(CohereEmbedResponse))]
public sealed partial class CohereEmbedWireContext : JsonSerializerContext;
