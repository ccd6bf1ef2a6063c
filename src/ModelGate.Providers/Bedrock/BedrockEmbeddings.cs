using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Bedrock.Signing;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>
/// Embeddings on Amazon Bedrock through InvokeModel, <c>POST /model/{modelId}/invoke</c>, signed with SigV4 like
/// Converse. The body is the model's own:
/// <list type="bullet">
/// <item>Titan Text Embeddings V2 (<c>amazon.titan-embed-text-v2:0</c>): <c>{"inputText","dimensions","normalize":true}</c>,
/// one text per call, so a batch is sent as one call per input, in order; answered <c>{"embedding":[…],"inputTextTokenCount":N}</c>.
/// Earlier Titan text models take only <c>inputText</c>.</item>
/// <item>Cohere Embed (<c>cohere.embed-*</c>): <c>{"texts":[…],"input_type":"search_document"}</c>, answered
/// <c>{"embeddings":[[…]],"response_type":"embeddings_floats"}</c>; token counts come from the
/// <c>x-amzn-bedrock-input-token-count</c> header.</item>
/// </list>
/// </summary>
public sealed class BedrockEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpEmbeddingsProvider(settings, http, time)
{
    private readonly string region = settings.Option("region") ?? "";
    private readonly Uri baseUrl = settings.BaseUrl ?? new Uri($"https://bedrock-runtime.{settings.Option("region")}.amazonaws.com");
    private readonly AwsCredentials credentials = new(
        settings.Option("access_key_id") ?? "", settings.Option("secret_access_key") ?? "", settings.Option("session_token"));

    private enum Family
    {
        Unknown,
        TitanV1,
        TitanV2,
        Cohere,
    }

    public override async Task<EmbeddingsOutcome> EmbedAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var model = call.Deployment.Model;
        var family = FamilyOf(model);
        if (family is Family.Cohere or Family.Unknown)
        {
            return await base.EmbedAsync(call, cancellationToken).ConfigureAwait(false);
        }

        var texts = EmbeddingsParams.Texts(Settings, call.Request, takesDimensions: family == Family.TitanV2, out var refusal);
        if (texts is null)
        {
            return new EmbeddingsFailed(refusal!, Retriable: false);
        }

        var dimensions = EmbeddingsParams.Dimensions(call.Request, takesDimensions: family == Family.TitanV2);
        var vectors = new List<float[]>(texts.Count);
        var tokens = 0;
        foreach (var text in texts)
        {
            var request = family == Family.TitanV2
                ? new TitanEmbedRequest { InputText = text, Dimensions = dimensions, Normalize = true }
                : new TitanEmbedRequest { InputText = text };
            var body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockEmbeddingsWireContext.Default.TitanEmbedRequest);
            var (answer, _, failure) = await ExchangeAsync(Invoke(model, body), call.RequestId, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            TitanEmbedResponse? response;
            try
            {
                response = JsonSerializer.Deserialize(answer!, BedrockEmbeddingsWireContext.Default.TitanEmbedResponse);
            }
            catch (JsonException e)
            {
                return Unreadable(answer!, e.Message);
            }

            if (response?.Embedding is not { } vector)
            {
                return Unreadable(answer!, "no embedding");
            }

            vectors.Add(vector);
            tokens += response.InputTextTokenCount ?? 0;
        }

        return EmbeddingsResponseWriter.Completed(vectors, model, tokens, call.Request.Encoding);
    }

    /// <summary>Cohere Embed: every input in one call.</summary>
    protected override ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var model = call.Deployment.Model;
        if (FamilyOf(model) == Family.Unknown)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(new GatewayError(400, ErrorTypes.InvalidRequest, ErrorCodes.InvalidValue,
                $"Bedrock model '{model}' of provider '{Settings.Name}' is not an embeddings model the gateway can call: " +
                "Amazon Titan text embeddings (amazon.titan-embed-text-*) and Cohere Embed (cohere.embed-*) are.", "model")));
        }

        var texts = EmbeddingsParams.Texts(Settings, call.Request, takesDimensions: false, out var refusal);
        if (texts is null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(refusal!));
        }

        var request = new BedrockCohereEmbedRequest { Texts = texts, InputType = Cohere.CohereEmbeddings.DefaultInputType };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockEmbeddingsWireContext.Default.BedrockCohereEmbedRequest);
        return ValueTask.FromResult(UpstreamRequest.Send(Invoke(model, body)));
    }

    protected override EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers)
    {
        var response = JsonSerializer.Deserialize(body, BedrockEmbeddingsWireContext.Default.BedrockCohereEmbedResponse);
        var vectors = response?.Embeddings switch
        {
            // embeddings_floats: [[…], …]; embeddings_by_type: {"float": [[…], …]}
            { ValueKind: JsonValueKind.Array } floats => floats.Deserialize(BedrockEmbeddingsWireContext.Default.ListSingleArray),
            { ValueKind: JsonValueKind.Object } byType when byType.TryGetProperty("float", out var floats) =>
                floats.Deserialize(BedrockEmbeddingsWireContext.Default.ListSingleArray),
            _ => null,
        };
        if (vectors is null || vectors.Count != call.Request.Count)
        {
            return Unreadable(body, "expected one float embedding per input");
        }

        var tokens = headers.TryGetValues("x-amzn-bedrock-input-token-count", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        return EmbeddingsResponseWriter.Completed(vectors, call.Deployment.Model, tokens, call.Request.Encoding);
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        BedrockErrors.Map(Settings.Name, status, body, retryAfter,
            headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null);

    private static Family FamilyOf(string model) =>
        model.Contains("cohere.embed", StringComparison.OrdinalIgnoreCase) ? Family.Cohere
        : model.Contains("titan-embed-text-v2", StringComparison.OrdinalIgnoreCase) ? Family.TitanV2
        : model.Contains("titan-embed", StringComparison.OrdinalIgnoreCase) ? Family.TitanV1
        : Family.Unknown;

    /// <summary>An InvokeModel request, signed (host, x-amz-date and, with temporary credentials, x-amz-security-token).</summary>
    private HttpRequestMessage Invoke(string model, byte[] body)
    {
        var path = $"{baseUrl.AbsolutePath.TrimEnd('/')}/model/{Uri.EscapeDataString(model)}/invoke";
        var message = PostJson(new Uri($"{baseUrl.Scheme}://{baseUrl.Authority}{path}"), body);
        var now = Time.GetUtcNow();
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", message.RequestUri!.Authority),
            new("x-amz-date", SigV4Signer.AmzDate(now)),
        };
        if (credentials.SessionToken is { } token)
        {
            headers.Add(new("x-amz-security-token", token));
        }

        var signature = SigV4Signer.Sign("POST", path, [], headers, SigV4Signer.PayloadHash(body), credentials, region, BedrockProvider.SigningService, now);
        foreach (var (name, value) in headers.Skip(1))
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.Remove("Authorization");
        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return message;
    }
}

public sealed class TitanEmbedRequest
{
    [JsonPropertyName("inputText")] public required string InputText { get; set; }
    [JsonPropertyName("dimensions")] public int? Dimensions { get; set; }
    [JsonPropertyName("normalize")] public bool? Normalize { get; set; }
}

public sealed class TitanEmbedResponse
{
    [JsonPropertyName("embedding")] public float[]? Embedding { get; set; }
    [JsonPropertyName("inputTextTokenCount")] public int? InputTextTokenCount { get; set; }
}

public sealed class BedrockCohereEmbedRequest
{
    [JsonPropertyName("texts")] public required IReadOnlyList<string> Texts { get; set; }
    [JsonPropertyName("input_type")] public required string InputType { get; set; }
}

public sealed class BedrockCohereEmbedResponse
{
    [JsonPropertyName("embeddings")] public JsonElement? Embeddings { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TitanEmbedRequest))]
[JsonSerializable(typeof(TitanEmbedResponse))]
[JsonSerializable(typeof(BedrockCohereEmbedRequest))]
[JsonSerializable(typeof(BedrockCohereEmbedResponse))]
[JsonSerializable(typeof(List<float[]>))]
public sealed partial class BedrockEmbeddingsWireContext : JsonSerializerContext;
