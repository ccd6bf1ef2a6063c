using System.Net;
using ModelGate.Providers.Mistral;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Mistral;

/// <summary>Mistral's embeddings API behind OpenAI's.</summary>
public sealed class MistralEmbeddingsTests
{
    private const string Model = "codestral-embed";

    private static string Fixture(string name) => EmbeddingsTestData.Fixture("Mistral", "openai-mistral-embeddings", name);

    private static MistralEmbeddings Provider(VerbatimHttpHandler handler) =>
        new(MistralGoldenTests.Settings(), new HttpClient(handler), TimeProvider.System);

    [Fact]
    public async Task Golden_request_and_response()
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response.json"));

        var outcome = await Provider(handler).EmbedAsync(EmbeddingsTestData.Call(Fixture("request-in.json"), Model), CancellationToken.None);

        Assert.Equal("https://api.mistral.ai/v1/embeddings", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk-test", handler.Request.Header("Authorization"));
        EmbeddingsTestData.AssertJson(Fixture("request-out.json"), handler.Request.BodyText);
        EmbeddingsTestData.AssertJson(Fixture("completion.json"), outcome.Completed());
    }

    [Fact]
    public async Task Base64_is_encoded_by_the_gateway()
    {
        var outcome = await Provider(VerbatimHttpHandler.Json(Fixture("response.json")))
            .EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.AsBase64(EmbeddingsTestData.TwoTexts), Model), CancellationToken.None);

        EmbeddingsTestData.AssertBase64Vectors(outcome.Completed());
    }

    [Fact]
    public async Task Token_ids_are_refused_naming_input()
    {
        var outcome = await Provider(VerbatimHttpHandler.Json(Fixture("response.json")))
            .EmbedAsync(EmbeddingsTestData.Call("""{"model":"gw","input":[101,102]}""", Model), CancellationToken.None);

        EmbeddingsTestData.AssertUnsupported(outcome, "input");
    }

    [Fact]
    public async Task Capacity_errors_are_overloaded()
    {
        var outcome = await Provider(VerbatimHttpHandler.Status(HttpStatusCode.ServiceUnavailable, """{"message":"Service tier capacity exceeded for this model."}"""))
            .EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, Model), CancellationToken.None);

        var error = outcome.Failed(retriable: true);
        Assert.Equal(503, error.Status);
        Assert.Equal("upstream_overloaded", error.Code);
    }
}
