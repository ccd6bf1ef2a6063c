using System.Text;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>The exact request that reaches an OpenAI-compatible server.</summary>
public sealed class OpenAiCompatibleProviderRequestTests
{
    private const string Completion =
        """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    private static async Task<CapturedRequest> SendAsync(string body, Core.Configuration.ProviderSettings? settings = null, string model = TestData.UpstreamModel)
    {
        var isStream = TestData.Request(body).Stream;
        var handler = isStream
            ? new VerbatimHttpHandler(() => Responses.EventStream("data: [DONE]\n\n"))
            : VerbatimHttpHandler.Json(Completion);
        var provider = new OpenAiCompatibleProvider(settings ?? TestData.OpenAi(), new HttpClient(handler), TimeProvider.System);

        var outcome = await provider.SendChatAsync(TestData.Call(body, model), CancellationToken.None);
        if (isStream)
        {
            await outcome.AssertStreaming().DisposeAsync();
        }

        Assert.Equal(1, handler.Calls);
        return handler.Request!;
    }

    [Fact]
    public async Task PostsToChatCompletionsUnderTheBaseUrl()
    {
        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://upstream.test/v1/chat/completions", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task BaseUrlWithoutAPathGetsASingleSlash()
    {
        var settings = TestData.OpenAi(baseUrl: new Uri("http://upstream.test:8080"));

        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", settings);

        Assert.Equal("http://upstream.test:8080/chat/completions", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task BodyIsTheClientBodyWithOnlyTheModelReplaced()
    {
        const string client = "{ \"model\" :\t\"my-alias\",\n  \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9llo \\\"there\\\"\"}] ,\"foo\":{\"bar\":[1,2]},   \"temperature\":0.70 ,\"x_vendor\":null }";
        const string expected = "{ \"model\" :\t\"gpt-4o-mini-2024-07-18\",\n  \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9llo \\\"there\\\"\"}] ,\"foo\":{\"bar\":[1,2]},   \"temperature\":0.70 ,\"x_vendor\":null }";

        var request = await SendAsync(client);

        Assert.Equal(expected, request.BodyText);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), request.Body);
    }

    [Fact]
    public async Task BodyIsUnchangedWhenTheModelAlreadyMatches()
    {
        const string client = """{"messages":[{"role":"user","content":"hi"}],"model":"gpt-4o-mini-2024-07-18","foo":{"bar":[1,2]}}""";

        var request = await SendAsync(client);

        Assert.Equal(client, request.BodyText);
    }

    [Fact]
    public async Task StreamingBodyGainsIncludeUsageRightAfterTheOpeningBrace()
    {
        const string client = """{"model":"my-alias","stream":true,"messages":[{"role":"user","content":"hi"}],"foo":{"bar":[1,2]}}""";
        const string expected = """{"stream_options":{"include_usage":true},"model":"gpt-4o-mini-2024-07-18","stream":true,"messages":[{"role":"user","content":"hi"}],"foo":{"bar":[1,2]}}""";

        var request = await SendAsync(client);

        Assert.Equal(expected, request.BodyText);
    }

    [Fact]
    public async Task StreamingBodyThatAlreadyAsksForUsageKeepsItsStreamOptions()
    {
        const string client = """{"model":"my-alias","stream":true,"stream_options": {"include_usage": true},"messages":[{"role":"user","content":"hi"}]}""";
        const string expected = """{"model":"gpt-4o-mini-2024-07-18","stream":true,"stream_options": {"include_usage": true},"messages":[{"role":"user","content":"hi"}]}""";

        var request = await SendAsync(client);

        Assert.Equal(expected, request.BodyText);
    }

    [Fact]
    public async Task StreamingBodyWithOtherStreamOptionsGetsIncludeUsageAddedToThem()
    {
        const string client = """{"model":"my-alias","stream":true,"stream_options":{"x":1},"messages":[{"role":"user","content":"hi"}]}""";
        const string expected = """{"model":"gpt-4o-mini-2024-07-18","stream":true,"stream_options":{"x":1,"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""";

        var request = await SendAsync(client);

        Assert.Equal(expected, request.BodyText);
    }

    [Fact]
    public async Task SendsBearerAuthorizationByDefault()
    {
        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("Bearer sk-test", request.Header("Authorization"));
    }

    [Fact]
    public async Task CustomAuthHeaderWithEmptySchemeSendsTheRawKey()
    {
        var settings = TestData.OpenAi(apiKey: "azure-key", authHeader: "api-key", authScheme: "");

        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", settings);

        Assert.Equal("azure-key", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task SendsNoAuthHeaderWithoutAnApiKey()
    {
        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", TestData.OpenAi(apiKey: null));

        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task SendsConfiguredExtraHeaders()
    {
        var headers = new Dictionary<string, string> { ["OpenAI-Organization"] = "org-1", ["X-Custom"] = "a b;c=d" };

        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", TestData.OpenAi(headers: headers));

        Assert.Equal("org-1", request.Header("OpenAI-Organization"));
        Assert.Equal("a b;c=d", request.Header("X-Custom"));
        Assert.Equal("Bearer sk-test", request.Header("Authorization"));
    }

    [Fact]
    public async Task ConfiguredHeaderReplacesTheAuthHeader()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Basic abc" };

        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", TestData.OpenAi(headers: headers));

        Assert.Equal("Basic abc", request.Header("Authorization"));
    }

    [Fact]
    public async Task SendsTheRequestIdAndJsonContentType()
    {
        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(TestData.RequestId, request.Header("x-request-id"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task StreamsAcceptEventStream()
    {
        var request = await SendAsync("""{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("text/event-stream", request.Header("Accept"));
        Assert.Equal(TestData.RequestId, request.Header("x-request-id"));
    }
}
