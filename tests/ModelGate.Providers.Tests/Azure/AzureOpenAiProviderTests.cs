using System.Net;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Azure;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Azure;

/// <summary>
/// Azure OpenAI: the per-deployment URL, api-version and credentials; bodies and errors are OpenAI's
/// (REST reference: https://learn.microsoft.com/azure/ai-services/openai/reference, api-version 2024-10-21).
/// </summary>
public sealed class AzureOpenAiProviderTests
{
    private const string Completion =
        """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":"stop","content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6},"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}""";

    private static ProviderSettings Settings(string authHeader = "api-key", string authScheme = "", string? apiVersion = null) =>
        TestData.OpenAi(apiKey: "azure-key", authHeader: authHeader, authScheme: authScheme, type: ProviderTypes.AzureOpenAi,
            baseUrl: new Uri("https://my-resource.openai.azure.com")) with
        {
            Options = new Dictionary<string, string> { ["api_version"] = apiVersion ?? "2024-10-21" },
        };

    private static async Task<(ChatOutcome Outcome, CapturedRequest Request)> SendAsync(
        ProviderSettings settings, string body = """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", VerbatimHttpHandler? handler = null)
    {
        handler ??= VerbatimHttpHandler.Json(Completion);
        var provider = new AzureOpenAiProvider(settings, new HttpClient(handler), TimeProvider.System);
        var outcome = await provider.SendChatAsync(TestData.Call(body, "my gpt4o"), CancellationToken.None);
        return (outcome, handler.Request!);
    }

    [Fact]
    public async Task PostsToTheDeploymentWithApiVersionAndApiKey()
    {
        var (_, request) = await SendAsync(Settings());

        Assert.Equal("https://my-resource.openai.azure.com/openai/deployments/my%20gpt4o/chat/completions?api-version=2024-10-21", request.Uri.AbsoluteUri);
        Assert.Equal("azure-key", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task EntraIdTokenGoesAsBearer()
    {
        var (_, request) = await SendAsync(Settings(authHeader: "Authorization", authScheme: "Bearer", apiVersion: "2025-01-01-preview"));

        Assert.Equal("Bearer azure-key", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.EndsWith("?api-version=2025-01-01-preview", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task BodyIsPassedThroughWithTheDeploymentAsModel()
    {
        var (_, request) = await SendAsync(Settings(), """{"model":"gw","messages":[{"role":"user","content":"hi"}],"data_sources":[]}""");

        Assert.Equal("""{"model":"my gpt4o","messages":[{"role":"user","content":"hi"}],"data_sources":[]}""", request.BodyText);
    }

    [Fact]
    public async Task CompletionIsRelayedWithItsContentFilterResults()
    {
        var (outcome, _) = await SendAsync(Settings());

        var completed = Assert.IsType<ChatCompleted>(outcome);
        Assert.Equal(Completion, System.Text.Encoding.UTF8.GetString(completed.Body.Span));
        Assert.Equal(6, completed.Usage?.TotalTokens);
    }

    [Fact]
    public async Task StreamAsksForUsage()
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream("data: [DONE]\n\n"));

        var (outcome, request) = await SendAsync(Settings(), """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}""", handler);
        await outcome.AssertStreaming().DisposeAsync();

        Assert.Equal("""{"stream_options":{"include_usage":true},"model":"my gpt4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""", request.BodyText);
    }

    [Fact]
    public async Task ContentFilterErrorKeepsItsCode()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.BadRequest,
            """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation"}}}""");

        var (outcome, _) = await SendAsync(Settings(), handler: handler);

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(400, error.Status);
        Assert.Equal("content_filter", error.Code);
        Assert.Equal("prompt", error.Param);
    }

    [Fact]
    public async Task RateLimitIsA429WithRetryAfter()
    {
        var handler = new VerbatimHttpHandler(() =>
        {
            var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded call rate limit."}}""");
            response.Headers.TryAddWithoutValidation("retry-after", "7");
            return response;
        });

        var (outcome, _) = await SendAsync(Settings(), handler: handler);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }
}
