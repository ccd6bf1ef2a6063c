using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Gemini;

/// <summary>The Gemini API provider end to end over a recorded HTTP exchange: URL, headers, responses, streams.</summary>
public sealed class GeminiProviderTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(GeminiTestData.Created));

    private static Task<ChatOutcome> SendAsync(VerbatimHttpHandler handler, bool stream = false, string model = GeminiTestData.Model) =>
        GeminiChatProvider.ForGeminiApi(GeminiTestData.Settings(), new HttpClient(handler), Clock)
            .SendChatAsync(TestData.Call(stream
                ? """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}"""
                : """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", model), CancellationToken.None);

    [Fact]
    public async Task PostsToGenerateContentWithTheApiKeyHeader()
    {
        var handler = VerbatimHttpHandler.Json(GeminiTestData.Fixture("gemini-openai", "text.gemini.json"));

        await SendAsync(handler);

        var request = handler.Request!;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", request.Uri.AbsoluteUri);
        Assert.Equal("AIza-test", request.Header("x-goog-api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""", request.BodyText);
    }

    [Fact]
    public async Task StreamsFromStreamGenerateContentAsSse()
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream(GeminiTestData.Fixture("gemini-openai", "stream-text.sse")));

        await (await SendAsync(handler, stream: true)).AssertStreaming().DisposeAsync();

        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("text/event-stream", handler.Request.Header("Accept"));
    }

    [Fact]
    public async Task ModelGivenAsAResourcePathIsUsedAsItIs()
    {
        var handler = VerbatimHttpHandler.Json(GeminiTestData.Fixture("gemini-openai", "text.gemini.json"));

        await SendAsync(handler, model: "tunedModels/my-model-1");

        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/tunedModels/my-model-1:generateContent", handler.Request!.Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("function-call")]
    [InlineData("blocked")]
    public async Task CompletionMatchesGoldenFile(string name)
    {
        var outcome = await SendAsync(VerbatimHttpHandler.Json(GeminiTestData.Fixture("gemini-openai", $"{name}.gemini.json")));

        var completed = Assert.IsType<ChatCompleted>(outcome);
        GeminiTestData.AssertSameJson(GeminiTestData.Fixture("gemini-openai", $"{name}.openai.json"), Encoding.UTF8.GetString(completed.Body.Span));
    }

    [Fact]
    public async Task CompletionUsageCountsCachedAndThoughtTokens()
    {
        var completed = Assert.IsType<ChatCompleted>(await SendAsync(VerbatimHttpHandler.Json(GeminiTestData.Fixture("gemini-openai", "text.gemini.json"))));

        Assert.Equal(new TokenUsage(120, 44, 164, CachedPromptTokens: 64, ReasoningTokens: 35), completed.Usage);
    }

    [Fact]
    public async Task SeveralCandidatesAreSeveralChoices()
    {
        const string body = """
            {"candidates":[
              {"content":{"parts":[{"text":"A"}],"role":"model"},"finishReason":"STOP","index":0},
              {"content":{"parts":[{"text":"B"}],"role":"model"},"finishReason":"MAX_TOKENS","index":1}],
             "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5},"responseId":"n2"}
            """;

        var completed = Assert.IsType<ChatCompleted>(await SendAsync(VerbatimHttpHandler.Json(body)));

        var choices = JsonDocument.Parse(completed.Body).RootElement.GetProperty("choices");
        Assert.Equal(2, choices.GetArrayLength());
        Assert.Equal("B", choices[1].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(1, choices[1].GetProperty("index").GetInt32());
        Assert.Equal("length", choices[1].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("text")]
    [InlineData("function-call")]
    public async Task StreamMatchesGoldenFile(string name)
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream(GeminiTestData.Fixture("gemini-openai", $"stream-{name}.sse")));
        await using var stream = (await SendAsync(handler, stream: true)).AssertStreaming();

        var events = await stream.ReadAllAsync();

        var expected = JsonDocument.Parse(GeminiTestData.Fixture("gemini-openai", $"stream-{name}.chunks.json")).RootElement;
        Assert.Equal(expected.GetArrayLength(), events.Count);
        for (var i = 0; i < events.Count - 1; i++)
        {
            Assert.Equal(StreamEventKind.Chunk, events[i].Kind);
            GeminiTestData.AssertSameJson(expected[i].GetRawText(), events[i].Data);
        }

        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
        Assert.True(events[^2].IsUsageOnly);
        Assert.NotNull(events[^2].Usage);
    }

    [Fact]
    public async Task StreamCutBeforeAFinishReasonFails()
    {
        var sse = string.Join("\n\n", GeminiTestData.Fixture("gemini-openai", "stream-text.sse").Split("\r\n\r\n").Take(2)) + "\n\n";
        await using var stream = (await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), stream: true)).AssertStreaming();

        var events = await stream.ReadAllAsync();

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Equal(ErrorCodes.UpstreamError, events[^1].Error!.Code);
        Assert.Contains("finishReason", events[^1].Error!.Message);
        Assert.DoesNotContain(events, e => e.IsUsageOnly);
    }

    [Fact]
    public async Task StreamWithAnInBandErrorFailsWithItsMessage()
    {
        const string sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"}}],\"responseId\":\"e\"}\n\n"
            + "data: {\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\",\"status\":\"INTERNAL\"}}\n\n";
        await using var stream = (await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), stream: true)).AssertStreaming();

        var events = await stream.ReadAllAsync();

        Assert.Equal([StreamEventKind.Chunk, StreamEventKind.Failed], events.Select(e => e.Kind));
        Assert.Contains("An internal error has occurred.", events[^1].Error!.Message);
    }

    [Fact]
    public async Task StreamOfABlockedPromptFinishesWithContentFilter()
    {
        const string sse = "data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7},\"responseId\":\"b\"}\r\n\r\n";
        await using var stream = (await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), stream: true)).AssertStreaming();

        var events = await stream.ReadAllAsync();

        Assert.Equal(3, events.Count);
        Assert.Equal("content_filter", JsonDocument.Parse(events[0].Data).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(new TokenUsage(7, 0, 7), events[1].Usage);
        Assert.Equal(StreamEventKind.Done, events[2].Kind);
    }

    [Fact]
    public async Task OkWithABodyThatIsNotJsonFailsRetriably()
    {
        var error = (await SendAsync(VerbatimHttpHandler.Json("<html>oops</html>"))).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.StartsWith("Provider 'up' failed: the response body is not valid JSON", error.Message);
    }

    [Fact]
    public async Task ErrorStatusIsMappedThroughThePolicy()
    {
        const string body = """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""";

        var error = (await SendAsync(VerbatimHttpHandler.Status(HttpStatusCode.TooManyRequests, body))).AssertFailed(retriable: true);

        Assert.Equal(429, error.Status);
        Assert.Equal("resource_exhausted", error.Code);
        Assert.Equal(ErrorTypes.RateLimit, error.Type);
        Assert.Equal("Resource has been exhausted (e.g. check quota).", error.Message);
    }

    [Fact]
    public async Task UnsupportedParameterIsRefusedWithoutCallingGemini()
    {
        var handler = VerbatimHttpHandler.Json("{}");
        var outcome = await GeminiChatProvider.ForGeminiApi(GeminiTestData.Settings(), new HttpClient(handler), Clock)
            .SendChatAsync(TestData.Call("""{"model":"gw","user":"u","messages":[{"role":"user","content":"hi"}]}"""), CancellationToken.None);

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(0, handler.Calls);
    }
}
