using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>Non-streaming responses, through the provider: golden files under Fixtures/anthropic-openai.</summary>
public sealed class AnthropicToOpenAiTests
{
    private const string Request = """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""";

    [Theory]
    [InlineData("text")]
    [InlineData("tool-use")]
    [InlineData("thinking")]
    [InlineData("json-object")]
    [InlineData("refusal")]
    public async Task TranslatesAsTheGoldenFileSays(string name)
    {
        var handler = VerbatimHttpHandler.Json(AnthropicTestData.Fixture("anthropic-openai", $"{name}.anthropic.json"));

        var completed = Assert.IsType<ChatCompleted>(await AnthropicTestData.SendAsync(handler, Request));

        AnthropicTestData.AssertJsonEqual(AnthropicTestData.Fixture("anthropic-openai", $"{name}.openai.json"), Encoding.UTF8.GetString(completed.Body.Span));
    }

    [Fact]
    public async Task UsageCountsCacheReadsAndWritesAsPromptTokens()
    {
        var handler = VerbatimHttpHandler.Json(AnthropicTestData.Fixture("anthropic-openai", "text.anthropic.json"));

        var completed = Assert.IsType<ChatCompleted>(await AnthropicTestData.SendAsync(handler, Request));

        Assert.Equal(new TokenUsage(3695, 503, 4198, CachedPromptTokens: 1500, CacheCreationTokens: 100), completed.Usage);
    }

    [Theory]
    [InlineData("<html>502</html>")]
    [InlineData("""{"id":"x","type":"something_else"}""")]
    [InlineData("")]
    public async Task AnOkBodyThatIsNotAMessageFailsRetriably(string body)
    {
        var error = (await AnthropicTestData.SendAsync(VerbatimHttpHandler.Json(body), Request)).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
    }
}
