using System.Net;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Gemini;

/// <summary>The Gemini API's batchEmbedContents behind OpenAI's embeddings API.</summary>
public sealed class GeminiEmbeddingsTests
{
    private const string Model = "gemini-embedding-001";

    private static string Fixture(string name) => EmbeddingsTestData.Fixture("Gemini", "openai-gemini-embeddings", name);

    private static (GeminiEmbeddings Provider, VerbatimHttpHandler Handler) Create(VerbatimHttpHandler? handler = null)
    {
        handler ??= VerbatimHttpHandler.Json(Fixture("response.json"));
        return (GeminiEmbeddings.ForGeminiApi(GeminiTestData.Settings(), new HttpClient(handler), TimeProvider.System), handler);
    }

    [Fact]
    public async Task Golden_request_and_response()
    {
        var (provider, handler) = Create();

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(Fixture("request-in.json"), Model), CancellationToken.None);

        Assert.Equal($"https://generativelanguage.googleapis.com/v1beta/models/{Model}:batchEmbedContents", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("AIza-test", handler.Request.Header("x-goog-api-key"));
        EmbeddingsTestData.AssertJson(Fixture("request-out.json"), handler.Request.BodyText);
        EmbeddingsTestData.AssertJson(Fixture("completion.json"), outcome.Completed());
    }

    [Fact]
    public async Task Base64_is_encoded_by_the_gateway()
    {
        var (provider, _) = Create();

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.AsBase64(EmbeddingsTestData.TwoTexts), Model), CancellationToken.None);

        EmbeddingsTestData.AssertBase64Vectors(outcome.Completed());
    }

    [Fact]
    public async Task Token_ids_are_refused_naming_input()
    {
        var (provider, handler) = Create();

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call("""{"model":"gw","input":[1,2,3]}""", Model), CancellationToken.None);

        EmbeddingsTestData.AssertUnsupported(outcome, "input");
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Unknown_fields_are_refused_unless_dropped()
    {
        var body = """{"model":"gw","input":"hi","task_type":"RETRIEVAL_QUERY"}""";
        var (provider, _) = Create();
        EmbeddingsTestData.AssertUnsupported(await provider.EmbedAsync(EmbeddingsTestData.Call(body, Model), CancellationToken.None), "task_type");

        var handler = VerbatimHttpHandler.Json("""{"embeddings":[{"values":[0.5]}]}""");
        var dropping = GeminiEmbeddings.ForGeminiApi(GeminiTestData.Settings(drop: true), new HttpClient(handler), TimeProvider.System);
        var outcome = await dropping.EmbedAsync(EmbeddingsTestData.Call(body, Model), CancellationToken.None);
        Assert.DoesNotContain("task_type", handler.Request!.BodyText, StringComparison.Ordinal);
        Assert.Contains("\"embedding\":[0.5]", outcome.Completed(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_go_through_the_gemini_error_reader()
    {
        var (provider, _) = Create(VerbatimHttpHandler.Status(HttpStatusCode.TooManyRequests,
            """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"""));

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, Model), CancellationToken.None)).Failed(retriable: true);

        Assert.Equal(429, error.Status);
        Assert.Equal("resource_exhausted", error.Code);
        Assert.Null(error.RetryAfter); // none sent; the client-facing default is the response writer's
    }

    [Fact]
    public async Task A_count_mismatch_is_a_retriable_upstream_error()
    {
        var (provider, _) = Create(VerbatimHttpHandler.Json("""{"embeddings":[{"values":[0.5]}]}"""));

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, Model), CancellationToken.None)).Failed(retriable: true);

        Assert.Equal(502, error.Status);
    }
}
