using System.Net;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Azure;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>Embeddings on OpenAI, OpenAI-compatible servers and Azure OpenAI: bytes through with only <c>model</c> rewritten.</summary>
public sealed class OpenAiEmbeddingsTests
{
    private static string Fixture(string name) => EmbeddingsTestData.Fixture("OpenAi", "openai-embeddings", name);

    [Fact]
    public async Task Body_goes_through_with_only_the_model_rewritten_and_the_answer_comes_back_as_it_came()
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response.json"));
        var provider = new OpenAiEmbeddings(TestData.OpenAi(), new HttpClient(handler), TimeProvider.System);

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(Fixture("request-in.json"), "text-embedding-3-small"), CancellationToken.None);

        Assert.Equal("https://upstream.test/v1/embeddings", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk-test", handler.Request.Header("Authorization"));
        Assert.Equal("req-123", handler.Request.Header("x-request-id"));
        Assert.Equal(Fixture("request-out.json"), handler.Request.BodyText);
        Assert.Equal(Fixture("response.json"), outcome.Completed());
        var completed = Assert.IsType<ModelGate.Core.Providers.EmbeddingsCompleted>(outcome);
        Assert.Equal(8, completed.Usage?.PromptTokens);
    }

    [Theory]
    [InlineData("""{"model":"gw","input":[[1,2,3],[4,5]]}""")]
    [InlineData("""{"model":"gw","input":"hi","encoding_format":"base64"}""")]
    public async Task Token_inputs_and_base64_are_the_providers_to_handle(string body)
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response.json"));
        var provider = new OpenAiEmbeddings(TestData.OpenAi(), new HttpClient(handler), TimeProvider.System);

        await provider.EmbedAsync(EmbeddingsTestData.Call(body, "m"), CancellationToken.None);

        Assert.Equal(body.Replace("\"gw\"", "\"m\"", StringComparison.Ordinal), handler.Request!.BodyText);
    }

    [Fact]
    public async Task Azure_names_the_deployment_in_the_url()
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response.json"));
        var settings = TestData.OpenAi(apiKey: "azure-key", authHeader: "api-key", authScheme: "", type: ProviderTypes.AzureOpenAi,
            baseUrl: new Uri("https://my-resource.openai.azure.com")) with { Options = new Dictionary<string, string> { ["api_version"] = "2024-10-21" } };
        var provider = new AzureOpenAiEmbeddings(settings, new HttpClient(handler), TimeProvider.System);

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, "my-embedding-deployment"), CancellationToken.None);

        Assert.Equal("https://my-resource.openai.azure.com/openai/deployments/my-embedding-deployment/embeddings?api-version=2024-10-21",
            handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("azure-key", handler.Request.Header("api-key"));
        Assert.Contains("\"model\":\"my-embedding-deployment\"", handler.Request.BodyText, StringComparison.Ordinal);
        Assert.Equal(Fixture("response.json"), outcome.Completed());
    }

    [Fact]
    public async Task A_rate_limit_keeps_its_status_and_retry_after()
    {
        var handler = new VerbatimHttpHandler(() =>
        {
            var response = Responses.Text((HttpStatusCode)429, """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
            response.Headers.TryAddWithoutValidation("retry-after", "7");
            return response;
        });
        var provider = new OpenAiEmbeddings(TestData.OpenAi(), new HttpClient(handler), TimeProvider.System);

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, "m"), CancellationToken.None)).Failed(retriable: true);

        Assert.Equal(429, error.Status);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_retriable_upstream_error()
    {
        var provider = new OpenAiEmbeddings(TestData.OpenAi(), new HttpClient(VerbatimHttpHandler.Json("<html>oops")), TimeProvider.System);

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, "m"), CancellationToken.None)).Failed(retriable: true);

        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
    }

    [Fact]
    public async Task A_connection_failure_is_a_value()
    {
        var handler = new VerbatimHttpHandler((_, _) => throw new HttpRequestException("connection refused"));
        var provider = new OpenAiEmbeddings(TestData.OpenAi(), new HttpClient(handler), TimeProvider.System);

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, "m"), CancellationToken.None)).Failed(retriable: true);

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }
}
