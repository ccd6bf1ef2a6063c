using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Embeddings;

/// <summary>
/// The Gemini API's <c>models.batchEmbedContents</c> (ai.google.dev/api/embeddings): one <c>EmbedContentRequest</c>
/// per text with <c>outputDimensionality</c>; answers <c>{"embeddings":[{"values":[…]}]}</c> and no token counts;
/// errors in Google's <c>{"error":{"code","message","status"}}</c>.
/// </summary>
public sealed class GeminiEmbeddingsFake : EmbeddingsFake
{
    public override string ProviderYaml(string root) => $"type: gemini\nbase_url: {root}/v1beta\napi_key: AIza-conformance";

    public override string UpstreamModel => "gemini-embedding-001";

    public override bool ReportsUsage => false;

    public override Task AnswerAsync(HttpContext context, RecordedRequest request) =>
        WriteAsync(context, 200, new JsonObject
        {
            ["embeddings"] = new JsonArray(Texts(request).Select(text => (JsonNode)new JsonObject { ["values"] = Json(VectorFor(text)) }).ToArray()),
        });

    public override Task RateLimitAsync(HttpContext context, RecordedRequest request) =>
        WriteAsync(context, 429, JsonNode.Parse("""{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""")!, retryAfter: 3);

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        Assert.Equal($"/v1beta/models/{UpstreamModel}:batchEmbedContents", request.Path);
        Assert.Equal("AIza-conformance", request.Headers["x-goog-api-key"]);
        Assert.All(request.Json.GetProperty("requests").EnumerateArray(), item => Assert.Equal($"models/{UpstreamModel}", item.GetProperty("model").GetString()));
        return Texts(request);
    }

    public override int? DimensionsSent(RecordedRequest request) =>
        request.Json.GetProperty("requests")[0].TryGetProperty("outputDimensionality", out var dimensions) ? dimensions.GetInt32() : null;

    private static List<string> Texts(RecordedRequest request) =>
        request.Json.GetProperty("requests").EnumerateArray()
            .Select(item => item.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()!).ToList();
}

/// <summary>
/// Vertex AI's text embeddings API (cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api):
/// <c>:predict</c> with <c>instances[].content</c> and <c>parameters.outputDimensionality</c>; answers
/// <c>predictions[].embeddings {values, statistics.token_count}</c>. Authorised by a service-account token the
/// gateway gets from the fake's <c>/token</c> endpoint.
/// </summary>
public sealed class VertexEmbeddingsFake : EmbeddingsFake, IDisposable
{
    private const string AccessToken = "ya29.embeddings";

    private readonly string keyFile = Path.Combine(Path.GetTempPath(), $"vertex-embeddings-{Guid.NewGuid():N}.json");

    public VertexEmbeddingsFake()
    {
        using var key = RSA.Create(2048);
        File.WriteAllText(keyFile, new JsonObject
        {
            ["type"] = "service_account",
            ["private_key_id"] = "conf-key-1",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "gateway@conf-project.iam.gserviceaccount.com",
        }.ToJsonString());
    }

    public override string ProviderYaml(string root) =>
        $"type: vertex\nbase_url: {root}\nproject: conf-project\nlocation: us-central1\ncredentials_file: {keyFile}\ntoken_url: {root}/token";

    public override string UpstreamModel => "text-embedding-005";

    public override bool IsEmbeddingsCall(RecordedRequest request) => request.Path != "/token";

    public override Task AnswerAsync(HttpContext context, RecordedRequest request) => IsEmbeddingsCall(request)
        ? WriteAsync(context, 200, new JsonObject
        {
            ["predictions"] = new JsonArray(Texts(request).Select(text => (JsonNode)new JsonObject
            {
                ["embeddings"] = new JsonObject
                {
                    ["statistics"] = new JsonObject { ["truncated"] = false, ["token_count"] = TokensPerInput },
                    ["values"] = Json(VectorFor(text)),
                },
            }).ToArray()),
            ["metadata"] = new JsonObject { ["billableCharacterCount"] = 40 },
        })
        : TokenAsync(context);

    public override Task RateLimitAsync(HttpContext context, RecordedRequest request) => IsEmbeddingsCall(request)
        ? WriteAsync(context, 429, JsonNode.Parse("""{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.","status":"RESOURCE_EXHAUSTED"}}""")!, retryAfter: 3)
        : TokenAsync(context);

    public override IReadOnlyList<string> TextsSent(IReadOnlyList<RecordedRequest> requests)
    {
        var request = Assert.Single(requests);
        Assert.Equal($"/v1/projects/conf-project/locations/us-central1/publishers/google/models/{UpstreamModel}:predict", request.Path);
        Assert.Equal($"Bearer {AccessToken}", request.Headers["authorization"]);
        return Texts(request);
    }

    public override int? DimensionsSent(RecordedRequest request) =>
        request.Json.TryGetProperty("parameters", out var parameters) ? parameters.GetProperty("outputDimensionality").GetInt32() : null;

    public void Dispose() => File.Delete(keyFile);

    private static Task TokenAsync(HttpContext context) =>
        WriteAsync(context, 200, new JsonObject { ["access_token"] = AccessToken, ["expires_in"] = 3599, ["token_type"] = "Bearer" });

    private static List<string> Texts(RecordedRequest request) =>
        request.Json.GetProperty("instances").EnumerateArray().Select(item => item.GetProperty("content").GetString()!).ToList();
}
