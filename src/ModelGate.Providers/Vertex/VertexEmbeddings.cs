using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// Vertex AI's text embeddings API: <c>POST …/publishers/google/models/{model}:predict</c> with
/// <c>{"instances":[{"content":…}],"parameters":{"outputDimensionality":N}}</c>, answered
/// <c>{"predictions":[{"embeddings":{"values":[…],"statistics":{"token_count":N,"truncated":false}}}]}</c>.
/// Same URL rules and credentials as chat (<see cref="VertexTarget"/>, <see cref="ServiceAccountTokenSource"/>); the
/// token is secured first, so a failing token endpoint is retriable, as for chat.
/// </summary>
public sealed class VertexEmbeddings : HttpEmbeddingsProvider
{
    private readonly ServiceAccountTokenSource? tokens;
    private readonly VertexTarget target;

    public VertexEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time)
        : base(settings, http, time)
    {
        tokens = settings.Option("credentials_file") is { } file
            ? new ServiceAccountTokenSource(settings.Name, file, settings.Option("token_url")!, http, time, settings.Timeouts.Idle)
            : null;
        target = new VertexTarget(settings, tokens);
    }

    public override async Task<EmbeddingsOutcome> EmbedAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        if (tokens is not null && (await tokens.GetAsync(cancellationToken).ConfigureAwait(false)).Error is { } error)
        {
            return new EmbeddingsFailed(error, Retriable: true);
        }

        return await base.EmbedAsync(call, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var texts = EmbeddingsParams.Texts(Settings, call.Request, takesDimensions: true, out var refusal);
        if (texts is null)
        {
            return UpstreamRequest.Refuse(refusal!);
        }

        var dimensions = EmbeddingsParams.Dimensions(call.Request, takesDimensions: true);
        var request = new VertexPredictRequest
        {
            Instances = texts.Select(text => new VertexEmbeddingInstance { Content = text }).ToList(),
            Parameters = dimensions is null ? null : new VertexEmbeddingParameters { OutputDimensionality = dimensions },
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, VertexEmbeddingsWireContext.Default.VertexPredictRequest);
        var message = PostJson(GeminiEmbeddings.Method(target, call.Deployment.Model, "predict"), body);
        if (await target.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false) is { } unauthorised)
        {
            message.Dispose();
            return UpstreamRequest.Refuse(unauthorised);
        }

        return UpstreamRequest.Send(message);
    }

    protected override EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers)
    {
        var response = JsonSerializer.Deserialize(body, VertexEmbeddingsWireContext.Default.VertexPredictResponse);
        if (response?.Predictions is not { } predictions || predictions.Count != call.Request.Count
            || predictions.Any(p => p.Embeddings?.Values is null))
        {
            return Unreadable(body, "expected one prediction per input");
        }

        var tokens = predictions.Sum(p => p.Embeddings!.Statistics?.TokenCount ?? 0);
        var vectors = predictions.Select(p => p.Embeddings!.Values!).ToList();
        return EmbeddingsResponseWriter.Completed(vectors, call.Deployment.Model, (int)tokens, call.Request.Encoding);
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        GeminiErrorReader.Map(Settings.Name, status, body, retryAfter);
}

public sealed class VertexPredictRequest
{
    [JsonPropertyName("instances")] public required List<VertexEmbeddingInstance> Instances { get; set; }
    [JsonPropertyName("parameters")] public VertexEmbeddingParameters? Parameters { get; set; }
}

public sealed class VertexEmbeddingInstance
{
    [JsonPropertyName("content")] public required string Content { get; set; }
}

public sealed class VertexEmbeddingParameters
{
    [JsonPropertyName("outputDimensionality")] public int? OutputDimensionality { get; set; }
}

public sealed class VertexPredictResponse
{
    [JsonPropertyName("predictions")] public List<VertexEmbeddingPrediction>? Predictions { get; set; }
}

public sealed class VertexEmbeddingPrediction
{
    [JsonPropertyName("embeddings")] public VertexEmbeddingValues? Embeddings { get; set; }
}

public sealed class VertexEmbeddingValues
{
    [JsonPropertyName("values")] public float[]? Values { get; set; }
    [JsonPropertyName("statistics")] public VertexEmbeddingStatistics? Statistics { get; set; }
}

public sealed class VertexEmbeddingStatistics
{
    /// <summary>A protobuf number: written <c>6</c> or <c>6.0</c>.</summary>
    [JsonPropertyName("token_count")] public double? TokenCount { get; set; }
    [JsonPropertyName("truncated")] public bool? Truncated { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VertexPredictRequest))]
[JsonSerializable(typeof(VertexPredictResponse))]
public sealed partial class VertexEmbeddingsWireContext : JsonSerializerContext;
