using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Embeddings;

/// <summary>
/// OpenAI's embeddings API (API reference "Create embeddings", "The embedding object"): the body the client sent,
/// with the deployment's model; base64 vectors when <c>encoding_format: base64</c>; OpenAI's error object.
/// </summary>
public class OpenAiEmbeddingsFake : EmbeddingsFake
{
    public override string ProviderYaml(string root) => $"type: openai-compatible\nbase_url: {root}/v1\napi_key: sk-conformance";

    public override string UpstreamModel => "text-embedding-3-small";

    protected virtual string Path => "/v1/embeddings";

    protected virtual void AssertAuthorised(RecordedRequest request) => Assert.Equal("Bearer sk-conformance", request.Headers["authorization"]);

    public override Task AnswerAsync(HttpContext context, RecordedRequest request)
    {
        var json = request.Json;
        var base64 = json.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        // Token-id inputs stand for the text "tokens"; texts for themselves.
        var input = JsonNode.Parse(json.GetProperty("input").GetRawText());
        var texts = input is JsonArray array && array.Any(item => item is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String)
            ? (array[0] is JsonArray ? array.Select(_ => "tokens").ToList() : ["tokens"])
            : Strings(input);
        return WriteAsync(context, 200, OpenAiList(texts, UpstreamModel, base64));
    }

    public override Task RateLimitAsync(HttpContext context, RecordedRequest request) =>
        WriteAsync(context, 429, JsonNode.Parse(OpenAiWire.Error("Rate limit reached for text-embedding-3-small", "requests", null, "rate_limit_exceeded"))!, retryAfter: 3);

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        Assert.Equal(Path, request.Path);
        AssertAuthorised(request);
        Assert.Equal(UpstreamModel, request.Json.GetProperty("model").GetString());
        return Strings(JsonNode.Parse(request.Json.GetProperty("input").GetRawText()));
    }

    public override int? DimensionsSent(RecordedRequest request) =>
        request.Json.TryGetProperty("dimensions", out var dimensions) ? dimensions.GetInt32() : null;
}

/// <summary>Azure OpenAI: OpenAI's format at <c>/openai/deployments/{deployment}/embeddings?api-version=…</c> with an <c>api-key</c> header.</summary>
public sealed class AzureEmbeddingsFake : OpenAiEmbeddingsFake
{
    public override string ProviderYaml(string root) => $"type: azure-openai\nbase_url: {root}\napi_key: azure-conformance-key";

    public override string UpstreamModel => "embeddings-deployment";

    protected override string Path => $"/openai/deployments/{UpstreamModel}/embeddings";

    protected override void AssertAuthorised(RecordedRequest request)
    {
        Assert.Equal("azure-conformance-key", request.Headers["api-key"]);
        Assert.Equal("?api-version=2024-10-21", request.Query);
    }
}

/// <summary>
/// Mistral's embeddings API (docs.mistral.ai/api/endpoint/embeddings): <c>input</c>, <c>output_dimension</c>;
/// answers OpenAI's list shape with floats; errors <c>{"message":…}</c>.
/// </summary>
public sealed class MistralEmbeddingsFake : EmbeddingsFake
{
    public override string ProviderYaml(string root) => $"type: mistral\nbase_url: {root}/v1\napi_key: mistral-conformance-key";

    public override string UpstreamModel => "codestral-embed";

    public override Task AnswerAsync(HttpContext context, RecordedRequest request)
    {
        var list = OpenAiList(Strings(JsonNode.Parse(request.Json.GetProperty("input").GetRawText())), UpstreamModel, base64: false);
        list["id"] = "embd-aad6fc62b17349b192ef09225058bc45";
        return WriteAsync(context, 200, list);
    }

    public override Task RateLimitAsync(HttpContext context, RecordedRequest request) =>
        WriteAsync(context, 429, new JsonObject { ["message"] = "Requests rate limit exceeded" }, retryAfter: 3);

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("Bearer mistral-conformance-key", request.Headers["authorization"]);
        Assert.Equal(UpstreamModel, request.Json.GetProperty("model").GetString());
        Assert.False(request.Json.TryGetProperty("encoding_format", out _));
        return Strings(JsonNode.Parse(request.Json.GetProperty("input").GetRawText()));
    }

    public override int? DimensionsSent(RecordedRequest request) =>
        request.Json.TryGetProperty("output_dimension", out var dimensions) ? dimensions.GetInt32() : null;
}

/// <summary>
/// Cohere's Embed API v2 (docs.cohere.com/reference/embed): <c>texts</c>, <c>input_type</c>, <c>embedding_types</c>,
/// <c>output_dimension</c>; answers <c>embeddings.float</c> and <c>meta.billed_units.input_tokens</c>; errors <c>{"id","message"}</c>.
/// </summary>
public sealed class CohereEmbeddingsFake : EmbeddingsFake
{
    public override string ProviderYaml(string root) => $"type: cohere\nbase_url: {root}/v2\napi_key: cohere-conformance-key";

    public override string UpstreamModel => "embed-v4.0";

    public override Task AnswerAsync(HttpContext context, RecordedRequest request)
    {
        var texts = Strings(JsonNode.Parse(request.Json.GetProperty("texts").GetRawText()));
        return WriteAsync(context, 200, new JsonObject
        {
            ["id"] = "da6e531f-54c6-4a73-bf92-f60566d8d753",
            ["embeddings"] = new JsonObject { ["float"] = new JsonArray(texts.Select(text => (JsonNode)Json(VectorFor(text))).ToArray()) },
            ["texts"] = new JsonArray(texts.Select(text => (JsonNode)JsonValue.Create(text)).ToArray()),
            ["meta"] = new JsonObject { ["api_version"] = new JsonObject { ["version"] = "2" }, ["billed_units"] = new JsonObject { ["input_tokens"] = TokensPerInput * texts.Count } },
            ["response_type"] = "embeddings_by_type",
        });
    }

    public override Task RateLimitAsync(HttpContext context, RecordedRequest request) =>
        WriteAsync(context, 429, new JsonObject { ["id"] = "0f1e2d3c", ["message"] = "You are using a Trial key, which is limited to 100 API calls / minute." }, retryAfter: 3);

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        Assert.Equal("/v2/embed", request.Path);
        Assert.Equal("Bearer cohere-conformance-key", request.Headers["authorization"]);
        Assert.Equal(UpstreamModel, request.Json.GetProperty("model").GetString());
        Assert.Equal("search_document", request.Json.GetProperty("input_type").GetString());
        Assert.Equal("float", Assert.Single(request.Json.GetProperty("embedding_types").EnumerateArray()).GetString());
        return Strings(JsonNode.Parse(request.Json.GetProperty("texts").GetRawText()));
    }

    public override int? DimensionsSent(RecordedRequest request) =>
        request.Json.TryGetProperty("output_dimension", out var dimensions) ? dimensions.GetInt32() : null;
}
