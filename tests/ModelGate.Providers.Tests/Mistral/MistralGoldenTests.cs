using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Mistral;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Mistral;

/// <summary>Golden files of Fixtures/openai-mistral: the exact body sent and the exact OpenAI output.</summary>
public sealed class MistralGoldenTests
{
    private const string Model = "mistral-large-latest";

    private static string Fixture(string name) => GoldenFiles.Read("Mistral", "openai-mistral", name);

    internal static ProviderSettings Settings(bool drop = false) =>
        TestData.OpenAi(type: ProviderTypes.Mistral, baseUrl: new Uri("https://api.mistral.ai/v1")) with { DropUnsupportedParams = drop };

    [Fact]
    public async Task RequestIsRewrittenWhereMistralDiffers()
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream("data: [DONE]\n\n"));
        var provider = new MistralProvider(Settings(), new HttpClient(handler), TimeProvider.System);

        var outcome = await provider.SendChatAsync(TestData.Call(Fixture("request-in.json"), Model), CancellationToken.None);
        await outcome.AssertStreaming().DisposeAsync();

        Assert.Equal("https://api.mistral.ai/v1/chat/completions", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk-test", handler.Request.Header("Authorization"));
        GoldenFiles.AssertJsonEqual(Fixture("request-out.json"), handler.Request.BodyText);
    }

    [Theory]
    [InlineData("response-tool-call.json", "completion-tool-call.json", 82, 64)]
    [InlineData("response-thinking.json", "completion-thinking.json", 10, 0)]
    public async Task CompletionIsOpenAisShape(string response, string completion, int promptTokens, int cachedTokens)
    {
        var provider = new MistralProvider(Settings(), new HttpClient(VerbatimHttpHandler.Json(Fixture(response))), TimeProvider.System);

        var outcome = await provider.SendChatAsync(TestData.Call("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", Model), CancellationToken.None);

        var completed = Assert.IsType<ChatCompleted>(outcome);
        GoldenFiles.AssertJsonEqual(Fixture(completion), System.Text.Encoding.UTF8.GetString(completed.Body.Span));
        Assert.Equal(promptTokens, completed.Usage?.PromptTokens);
        Assert.Equal(cachedTokens, completed.Usage?.CachedPromptTokens);
    }

    [Fact]
    public async Task StreamEndsWithFinishThenUsageThenDone()
    {
        var provider = new MistralProvider(Settings(), new HttpClient(new VerbatimHttpHandler(() => Responses.EventStream(Fixture("stream.sse")))), TimeProvider.System);

        var outcome = await provider.SendChatAsync(TestData.SimpleCall(stream: true) with { Deployment = new DeploymentSettings("up", Model) }, CancellationToken.None);

        await using var stream = outcome.AssertStreaming();
        await GoldenFiles.AssertStreamAsync(stream, Fixture("stream-chunks.jsonl"));
    }

    [Fact]
    public async Task StreamCutBeforeDoneFails()
    {
        var cut = string.Join("\n\n", Fixture("stream.sse").Split("\n\n").Take(2)) + "\n\n";
        var provider = new MistralProvider(Settings(), new HttpClient(new VerbatimHttpHandler(() => Responses.EventStream(cut))), TimeProvider.System);

        var outcome = await provider.SendChatAsync(TestData.SimpleCall(stream: true), CancellationToken.None);

        await using var stream = outcome.AssertStreaming();
        var events = await stream.ReadAllAsync();
        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
    }
}
