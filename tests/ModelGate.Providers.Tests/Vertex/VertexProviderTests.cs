using System.Net;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Tests.Gemini;
using ModelGate.Providers.Tests.Support;
using ModelGate.Providers.Vertex;

namespace ModelGate.Providers.Tests.Vertex;

/// <summary>
/// Vertex AI: the Gemini translation at Vertex's URL with a service-account token
/// (cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference).
/// </summary>
public sealed class VertexProviderTests : IDisposable
{
    private const string TokenUrl = "https://oauth.test/token";

    private readonly TestServiceAccount account = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(GeminiTestData.Created));
    private readonly List<string> calls = [];

    public void Dispose() => account.Dispose();

    private static ProviderSettings Settings(string location = "us-central1", string? credentials = null, string? apiKey = null, Uri? baseUrl = null)
    {
        var options = new Dictionary<string, string> { ["project"] = "my-project", ["location"] = location, ["token_url"] = TokenUrl };
        if (credentials is not null)
        {
            options["credentials_file"] = credentials;
        }

        return GeminiTestData.Settings(ProviderTypes.Vertex, apiKey, baseUrl, options);
    }

    /// <summary>Answers the token endpoint with a token, or with <paramref name="tokenStatus"/>, and Gemini with a completion.</summary>
    private VerbatimHttpHandler Upstream(HttpStatusCode tokenStatus = HttpStatusCode.OK) => new((request, _) =>
    {
        calls.Add(request.RequestUri!.AbsoluteUri);
        return Task.FromResult(request.RequestUri!.AbsoluteUri == TokenUrl
            ? tokenStatus == HttpStatusCode.OK
                ? Responses.Text(HttpStatusCode.OK, """{"access_token":"ya29.vertex","expires_in":3599,"token_type":"Bearer"}""")
                : Responses.Text(tokenStatus, """{"error":"unauthorized_client","error_description":"Client is unauthorized."}""")
            : Responses.Text(HttpStatusCode.OK, GeminiTestData.Fixture("gemini-openai", "text.gemini.json")));
    });

    private Task<ChatOutcome> SendAsync(ProviderSettings settings, VerbatimHttpHandler handler, bool stream = false) =>
        new VertexProvider(settings, new HttpClient(handler), clock).SendChatAsync(TestData.Call(stream
            ? """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}"""
            : """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", GeminiTestData.Model), CancellationToken.None);

    [Theory]
    [InlineData("us-central1", false, "https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent")]
    [InlineData("europe-west4", true, "https://europe-west4-aiplatform.googleapis.com/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("global", false, "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-flash:generateContent")]
    public async Task PostsToTheRegionalEndpoint(string location, bool stream, string expected)
    {
        var handler = Upstream();

        var outcome = await SendAsync(Settings(location, account.Path), handler, stream);
        if (outcome is ChatStreaming streaming)
        {
            await streaming.Stream.DisposeAsync();
        }

        Assert.Equal(expected, handler.Request!.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task BaseUrlReplacesSchemeAndHost()
    {
        var handler = Upstream();

        await SendAsync(Settings(credentials: account.Path, baseUrl: new Uri("http://127.0.0.1:9999")), handler);

        Assert.Equal("http://127.0.0.1:9999/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
            handler.Request!.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task SendsTheServiceAccountTokenAndReusesIt()
    {
        var handler = Upstream();
        var provider = new VertexProvider(Settings(credentials: account.Path), new HttpClient(handler), clock);

        var first = await provider.SendChatAsync(TestData.Call("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", GeminiTestData.Model), CancellationToken.None);
        await provider.SendChatAsync(TestData.Call("""{"model":"gw","messages":[{"role":"user","content":"again"}]}""", GeminiTestData.Model), CancellationToken.None);

        Assert.IsType<ChatCompleted>(first);
        Assert.Equal("Bearer ya29.vertex", handler.Request!.Header("Authorization"));
        Assert.Null(handler.Request.Header("x-goog-api-key"));
        Assert.Equal(1, calls.Count(uri => uri == TokenUrl));
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public async Task ApiKeyWithoutCredentialsFileIsSentAsABearerToken()
    {
        var handler = Upstream();

        await SendAsync(Settings(apiKey: "ya29.ready-made"), handler);

        Assert.Equal("Bearer ya29.ready-made", handler.Request!.Header("Authorization"));
        Assert.DoesNotContain(TokenUrl, calls);
    }

    [Fact]
    public async Task TokenEndpointRefusalIsARetriableUpstreamAuthFailure()
    {
        var handler = Upstream(HttpStatusCode.Unauthorized);

        var error = (await SendAsync(Settings(credentials: account.Path), handler)).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamAuthFailed, error.Code);
        Assert.Contains("Client is unauthorized.", error.Message);
        Assert.Equal([TokenUrl], calls);
    }

    [Fact]
    public async Task ResponseIsTranslatedLikeTheGeminiApis()
    {
        var completed = Assert.IsType<ChatCompleted>(await SendAsync(Settings(credentials: account.Path), Upstream()));

        GeminiTestData.AssertSameJson(GeminiTestData.Fixture("gemini-openai", "text.openai.json"), System.Text.Encoding.UTF8.GetString(completed.Body.Span));
    }
}
