using System.Net;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Providers.Tests.Gemini;
using ModelGate.Providers.Tests.Support;
using ModelGate.Providers.Vertex;

namespace ModelGate.Providers.Tests.Vertex;

/// <summary>Vertex AI's text embeddings (<c>predict</c>) behind OpenAI's embeddings API, with the service-account token of chat.</summary>
public sealed class VertexEmbeddingsTests : IDisposable
{
    private const string Model = "text-embedding-005";
    private const string TokenUrl = "https://oauth.test/token";

    private readonly TestServiceAccount account = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(GeminiTestData.Created));

    public void Dispose() => account.Dispose();

    private static string Fixture(string name) => EmbeddingsTestData.Fixture("Vertex", "openai-vertex-embeddings", name);

    private ProviderSettings Settings() =>
        GeminiTestData.Settings(ProviderTypes.Vertex, apiKey: null, options: new Dictionary<string, string>
        {
            ["project"] = "my-project", ["location"] = "us-central1", ["token_url"] = TokenUrl, ["credentials_file"] = account.Path,
        });

    private static VerbatimHttpHandler Upstream(HttpStatusCode tokenStatus = HttpStatusCode.OK) => new((request, _) =>
        Task.FromResult(request.RequestUri!.AbsoluteUri == TokenUrl
            ? tokenStatus == HttpStatusCode.OK
                ? Responses.Text(HttpStatusCode.OK, """{"access_token":"ya29.vertex","expires_in":3599,"token_type":"Bearer"}""")
                : Responses.Text(tokenStatus, """{"error":"invalid_grant","error_description":"Invalid JWT signature."}""")
            : Responses.Text(HttpStatusCode.OK, Fixture("response.json"))));

    [Fact]
    public async Task Golden_request_and_response()
    {
        var handler = Upstream();
        var provider = new VertexEmbeddings(Settings(), new HttpClient(handler), clock);

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(Fixture("request-in.json"), Model), CancellationToken.None);

        Assert.Equal($"https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/google/models/{Model}:predict",
            handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("Bearer ya29.vertex", handler.Request.Header("Authorization"));
        EmbeddingsTestData.AssertJson(Fixture("request-out.json"), handler.Request.BodyText);
        EmbeddingsTestData.AssertJson(Fixture("completion.json"), outcome.Completed());
    }

    [Fact]
    public async Task Base64_is_encoded_by_the_gateway_and_no_parameters_are_sent_without_dimensions()
    {
        var handler = Upstream();
        var provider = new VertexEmbeddings(Settings(), new HttpClient(handler), clock);

        var outcome = await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.AsBase64(EmbeddingsTestData.TwoTexts), Model), CancellationToken.None);

        EmbeddingsTestData.AssertBase64Vectors(outcome.Completed());
        Assert.DoesNotContain("parameters", handler.Request!.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_is_a_retriable_auth_failure()
    {
        var provider = new VertexEmbeddings(Settings(), new HttpClient(Upstream(HttpStatusCode.BadRequest)), clock);

        var error = (await provider.EmbedAsync(EmbeddingsTestData.Call(EmbeddingsTestData.TwoTexts, Model), CancellationToken.None)).Failed(retriable: true);

        Assert.Equal("upstream_auth_failed", error.Code);
    }

    [Fact]
    public async Task Token_ids_are_refused_naming_input()
    {
        var provider = new VertexEmbeddings(Settings(), new HttpClient(Upstream()), clock);

        EmbeddingsTestData.AssertUnsupported(
            await provider.EmbedAsync(EmbeddingsTestData.Call("""{"model":"gw","input":[7,8]}""", Model), CancellationToken.None), "input");
    }
}
