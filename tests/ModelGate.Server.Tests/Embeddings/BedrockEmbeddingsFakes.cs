using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using ModelGate.Providers.Bedrock.Signing;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Embeddings;

/// <summary>
/// Embeddings on Amazon Bedrock through InvokeModel (<c>POST /model/{modelId}/invoke</c>, SigV4-signed): errors are
/// <c>{"message"}</c> with the exception named in <c>x-amzn-ErrorType</c>.
/// </summary>
public abstract partial class BedrockEmbeddingsFake : EmbeddingsFake
{
    private const string Region = "eu-central-1";
    private const string AccessKeyId = "AKIACONFORMANCE";
    private const string SecretAccessKey = "conformance/secret+key";

    public override string ProviderYaml(string root) =>
        $"type: bedrock\nbase_url: {root}\nregion: {Region}\naccess_key_id: {AccessKeyId}\nsecret_access_key: {SecretAccessKey}";

    public override Task RateLimitAsync(HttpContext context, RecordedRequest request)
    {
        context.Response.Headers["x-amzn-ErrorType"] = "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/";
        return WriteAsync(context, 429, new JsonObject { ["message"] = "Too many requests, please wait before trying again." }, retryAfter: 3);
    }

    /// <summary>The path names the model; the SigV4 signature matches the request.</summary>
    protected void AssertSigned(RecordedRequest request)
    {
        Assert.Equal($"/model/{UpstreamModel}/invoke", request.Path);
        var authorization = AuthorizationPattern().Match(request.Headers["authorization"]);
        Assert.True(authorization.Success, request.Headers["authorization"]);
        var amzDate = request.Headers["x-amz-date"];
        var time = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expected = SigV4Signer.Sign("POST", $"/model/{Uri.EscapeDataString(UpstreamModel)}/invoke", [],
            [KeyValuePair.Create("host", request.Headers["host"]), KeyValuePair.Create("x-amz-date", amzDate)],
            SigV4Signer.PayloadHash(request.Body), new AwsCredentials(AccessKeyId, SecretAccessKey), Region, "bedrock", time);
        Assert.Equal(expected.Signature, authorization.Groups["signature"].Value);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=[^,]+, SignedHeaders=[a-z0-9;-]+, Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}

/// <summary>
/// Amazon Titan Text Embeddings V2 (Bedrock user guide, "Amazon Titan Embeddings G1 - Text", V2 request and
/// response): one <c>inputText</c> per call with <c>dimensions</c> and <c>normalize</c>; answers
/// <c>{"embedding","inputTextTokenCount","embeddingsByType"}</c>.
/// </summary>
public sealed class TitanEmbeddingsFake : BedrockEmbeddingsFake
{
    public override string UpstreamModel => "amazon.titan-embed-text-v2:0";

    public override Task AnswerAsync(HttpContext context, RecordedRequest request)
    {
        var vector = VectorFor(request.Json.GetProperty("inputText").GetString()!);
        return WriteAsync(context, 200, new JsonObject
        {
            ["embedding"] = Json(vector),
            ["inputTextTokenCount"] = TokensPerInput,
            ["embeddingsByType"] = new JsonObject { ["float"] = Json(vector) },
        });
    }

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        Assert.All(requests, request =>
        {
            AssertSigned(request);
            Assert.True(request.Json.GetProperty("normalize").GetBoolean());
        });
        return requests.Select(request => request.Json.GetProperty("inputText").GetString()!).ToList();
    }

    public override int? DimensionsSent(RecordedRequest request) =>
        request.Json.TryGetProperty("dimensions", out var dimensions) ? dimensions.GetInt32() : null;
}

/// <summary>
/// Cohere Embed on Bedrock (Bedrock user guide, "Cohere Embed models"): <c>texts</c> and <c>input_type</c>; answers
/// <c>response_type: embeddings_floats</c>, with the token count in <c>x-amzn-bedrock-input-token-count</c>.
/// </summary>
public sealed class BedrockCohereEmbeddingsFake : BedrockEmbeddingsFake
{
    public override string UpstreamModel => "cohere.embed-multilingual-v3";

    public override bool TakesDimensions => false;

    public override Task AnswerAsync(HttpContext context, RecordedRequest request)
    {
        var texts = Strings(JsonNode.Parse(request.Json.GetProperty("texts").GetRawText()));
        context.Response.Headers["x-amzn-bedrock-input-token-count"] = (TokensPerInput * texts.Count).ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, 200, new JsonObject
        {
            ["embeddings"] = new JsonArray(texts.Select(text => (JsonNode)Json(VectorFor(text))).ToArray()),
            ["id"] = "0b6aec95-e9b2-4c5b-8e4c-2c1ce1a9f0a7",
            ["response_type"] = "embeddings_floats",
            ["texts"] = new JsonArray(texts.Select(text => (JsonNode)JsonValue.Create(text.ToLowerInvariant())).ToArray()),
        });
    }

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        AssertSigned(request);
        Assert.Equal("search_document", request.Json.GetProperty("input_type").GetString());
        return Strings(JsonNode.Parse(request.Json.GetProperty("texts").GetRawText()));
    }

    public override int? DimensionsSent(RecordedRequest request) => null;
}
