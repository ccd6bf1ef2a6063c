using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>Converse responses as the OpenAI chat completions they become (Fixtures/bedrock-openai).</summary>
public sealed class BedrockToOpenAiTests
{
    private const string Plain = """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""";
    private const string JsonSchema = """{"model":"gw","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"}}}}""";

    [Theory]
    [InlineData("text", Plain)]
    [InlineData("tool-use", Plain)]
    [InlineData("reasoning", Plain)]
    [InlineData("guardrail", Plain)]
    [InlineData("json-mode", JsonSchema)]
    public async Task TranslatesToTheGoldenCompletion(string name, string request)
    {
        var handler = VerbatimHttpHandler.Json(BedrockTestKit.Fixture("bedrock-openai", $"{name}.converse.json"));

        var outcome = await BedrockTestKit.Provider(handler).SendChatAsync(TestData.Call(request, BedrockTestKit.Model), default);

        var completed = Assert.IsType<ChatCompleted>(outcome);
        BedrockTestKit.AssertJson(BedrockTestKit.Fixture("bedrock-openai", $"{name}.openai.json"), System.Text.Encoding.UTF8.GetString(completed.Body.Span));
    }

    [Fact]
    public async Task UsageIncludesCacheReadsAndWritesInPromptTokens()
    {
        var handler = VerbatimHttpHandler.Json(BedrockTestKit.Fixture("bedrock-openai", "text.converse.json"));

        var outcome = await BedrockTestKit.Provider(handler).SendChatAsync(TestData.Call(Plain, BedrockTestKit.Model), default);

        Assert.Equal(new TokenUsage(22, 9, 31, CachedPromptTokens: 6, CacheCreationTokens: 4), Assert.IsType<ChatCompleted>(outcome).Usage);
    }

    [Theory]
    [InlineData("""{"message":"not converse"}""")]
    [InlineData("not json")]
    public async Task ABodyThatIsNotAConverseResponseIsARetriableFailure(string body)
    {
        var outcome = await BedrockTestKit.Provider(VerbatimHttpHandler.Json(body)).SendChatAsync(TestData.SimpleCall(), default);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(502, error.Status);
    }
}
