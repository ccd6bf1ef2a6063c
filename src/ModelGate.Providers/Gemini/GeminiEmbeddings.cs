using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// The Gemini API's <c>POST {base_url}/models/{model}:batchEmbedContents</c>: one <c>EmbedContentRequest</c> per
/// input (<c>{"model":"models/{model}","content":{"parts":[{"text":…}]},"outputDimensionality":N}</c>), answered
/// <c>{"embeddings":[{"values":[…]}]}</c> in input order. The API reports no token counts, so usage is 0.
/// </summary>
public sealed class GeminiEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time, IGeminiTarget target)
    : HttpEmbeddingsProvider(settings, http, time)
{
    public static GeminiEmbeddings ForGeminiApi(ProviderSettings settings, HttpClient http, TimeProvider time) =>
        new(settings, http, time, new GeminiApiTarget(settings.BaseUrl!));

    protected override async ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var texts = EmbeddingsParams.Texts(Settings, call.Request, takesDimensions: true, out var refusal);
        if (texts is null)
        {
            return UpstreamRequest.Refuse(refusal!);
        }

        var model = call.Deployment.Model;
        var resource = model.Contains('/', StringComparison.Ordinal) ? model : "models/" + model;
        var dimensions = EmbeddingsParams.Dimensions(call.Request, takesDimensions: true);
        var request = new GeminiBatchEmbedRequest
        {
            Requests = texts.Select(text => new GeminiEmbedContentRequest
            {
                Model = resource,
                Content = new GeminiEmbedContent { Parts = [new GeminiEmbedPart { Text = text }] },
                OutputDimensionality = dimensions,
            }).ToList(),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, GeminiEmbeddingsWireContext.Default.GeminiBatchEmbedRequest);
        var message = PostJson(Method(target, model, "batchEmbedContents"), body);
        if (await target.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false) is { } unauthorised)
        {
            message.Dispose();
            return UpstreamRequest.Refuse(unauthorised);
        }

        return UpstreamRequest.Send(message);
    }

    protected override EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers)
    {
        var response = JsonSerializer.Deserialize(body, GeminiEmbeddingsWireContext.Default.GeminiBatchEmbedResponse);
        if (response?.Embeddings is not { } embeddings || embeddings.Count != call.Request.Count || embeddings.Any(e => e.Values is null))
        {
            return Unreadable(body, "expected one embedding per input");
        }

        return EmbeddingsResponseWriter.Completed(embeddings.Select(e => e.Values!).ToList(), call.Deployment.Model, 0, call.Request.Encoding);
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        GeminiErrorReader.Map(Settings.Name, status, body, retryAfter);

    /// <summary>
    /// The model's URL for another method than <c>generateContent</c>: the target decides host, path and resource
    /// naming for every method alike, so only the method after the colon changes.
    /// </summary>
    public static Uri Method(IGeminiTarget target, string model, string method)
    {
        var generate = target.Endpoint(model, stream: false).AbsoluteUri;
        var suffix = GeminiMethods.For(stream: false);
        return new Uri($"{generate[..^suffix.Length]}:{method}");
    }
}

public sealed class GeminiBatchEmbedRequest
{
    [JsonPropertyName("requests")] public required List<GeminiEmbedContentRequest> Requests { get; set; }
}

public sealed class GeminiEmbedContentRequest
{
    [JsonPropertyName("model")] public required string Model { get; set; }
    [JsonPropertyName("content")] public required GeminiEmbedContent Content { get; set; }
    [JsonPropertyName("outputDimensionality")] public int? OutputDimensionality { get; set; }
}

public sealed class GeminiEmbedContent
{
    [JsonPropertyName("parts")] public required List<GeminiEmbedPart> Parts { get; set; }
}

public sealed class GeminiEmbedPart
{
    [JsonPropertyName("text")] public required string Text { get; set; }
}

public sealed class GeminiBatchEmbedResponse
{
    [JsonPropertyName("embeddings")] public List<GeminiContentEmbedding>? Embeddings { get; set; }
}

public sealed class GeminiContentEmbedding
{
    [JsonPropertyName("values")] public float[]? Values { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiBatchEmbedRequest))]
[JsonSerializable(typeof(GeminiBatchEmbedResponse))]
public sealed partial class GeminiEmbeddingsWireContext : JsonSerializerContext;
