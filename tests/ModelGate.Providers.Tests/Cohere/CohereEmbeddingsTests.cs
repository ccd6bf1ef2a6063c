using System.Net;
using ModelGate.Core.Configuration;
using ModelGate.Providers.Cohere;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Cohere;

/// <summary>Cohere's Embed API v2 behind OpenAI's embeddings API.</summary>
public sealed class CohereEmbeddingsTests
{
    private const string Model = "embed-v4.0";

    private static string Fixture(string name) => EmbeddingsTestData.Fixture("Cohere", "openai-cohere-embeddings", name);

    private static ProviderSettings Settings() =>
        TestData.OpenAi(type: ProviderTypes.Cohere, baseUrl: new Uri("https://api.cohere.com/v2"));

    [Fact]
    public async Task Golden_request_and_response()
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response.json"));
        var provider = new CohereEmbeddings(Settings(), new HttpClient(handler), TimeProvider.System);

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(Fixture("request-in.json"), Model), CancellationToken.None);

        Assert.Equal("https://api.cohere.com/v2/embed", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk-test", handler.Request.Header("Authorization"));
        EmbeddingsTestData.AssertJson(Fixture("request-out.json"), handler.Request.BodyText);
        EmbeddingsTestData.AssertJson(Fixture("completion.json"), outcome.Completed());
    }

    [Fact]
    public async Task Base64_is_encoded_by_the_gateway()
    {
        var provider = new CohereEmbeddings(Settings(), new HttpClient(VerbatimHttpHandler.Json(Fixture("response.json"))), TimeProvider.System);

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.AsBase64(EmbeddingsTestData.TwoTexts), Model), CancellationToken.None);

        EmbeddingsTestData.AssertBase64Vectors(outcome.Completed());
    }

    [Fact]
    public async Task Token_ids_are_refused_naming_input()
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response.json"));
        var provider = new CohereEmbeddings(Settings(), new HttpClient(handler), TimeProvider.System);

        EmbeddingsTestData.AssertUnsupported(await provider.EmbedAsync(EmbeddingsTestData.Call("""{"model":"gw","input":[[1,2],[3]]}""", Model), CancellationToken.None), "input");
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Errors_go_through_the_cohere_error_reader()
    {
        var provider = new CohereEmbeddings(Settings(), new HttpClient(VerbatimHttpHandler.Status(HttpStatusCode.BadRequest,
            """{"id":"9e0b4b8e","message":"invalid request: output_dimension is not supported for model embed-english-v3.0"}""")), TimeProvider.System);

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, Model), CancellationToken.None)).Failed(retriable: false);

        Assert.Equal(400, error.Status);
        Assert.Contains("output_dimension", error.Message, StringComparison.Ordinal);
    }
}
