using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Cohere;
using ModelGate.Providers.Tests.Mistral;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Cohere;

/// <summary>Golden files of Fixtures/openai-cohere: the exact Cohere body sent and the exact OpenAI output.</summary>
public sealed class CohereGoldenTests
{
    private const string Model = "command-a-03-2025";

    /// <summary>Cohere sends no creation time; the gateway stamps its own.</summary>
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(1741570283));

    private static string Fixture(string name) => GoldenFiles.Read("Cohere", "openai-cohere", name);

    internal static ProviderSettings Settings(bool drop = false) =>
        TestData.OpenAi(type: ProviderTypes.Cohere, baseUrl: new Uri("https://api.cohere.com/v2")) with { DropUnsupportedParams = drop };

    private static CohereProvider Provider(VerbatimHttpHandler handler) => new(Settings(), new HttpClient(handler), Clock);

    private static ChatCall Call(string body) => TestData.Call(body, Model);

    [Fact]
    public async Task RequestIsCohereV2Body()
    {
        var handler = VerbatimHttpHandler.Json(Fixture("response-text.json"));

        await Provider(handler).SendChatAsync(Call(Fixture("request-in.json")), CancellationToken.None);

        Assert.Equal("https://api.cohere.com/v2/chat", handler.Request!.Uri.AbsoluteUri);
        Assert.Equal("Bearer sk-test", handler.Request.Header("Authorization"));
        GoldenFiles.AssertJsonEqual(Fixture("request-out.json"), handler.Request.BodyText);
    }

    [Theory]
    [InlineData("response-text.json", "completion-text.json")]
    [InlineData("response-tool-call.json", "completion-tool-call.json")]
    public async Task CompletionIsOpenAisShape(string response, string completion)
    {
        var outcome = await Provider(VerbatimHttpHandler.Json(Fixture(response))).SendChatAsync(Call("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}"""), CancellationToken.None);

        var completed = Assert.IsType<ChatCompleted>(outcome);
        GoldenFiles.AssertJsonEqual(Fixture(completion), System.Text.Encoding.UTF8.GetString(completed.Body.Span));
    }

    [Theory]
    [InlineData("stream-text.sse", "stream-text-chunks.jsonl")]
    [InlineData("stream-tool-call.sse", "stream-tool-call-chunks.jsonl")]
    public async Task StreamIsOpenAiChunks(string sse, string chunks)
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream(Fixture(sse)));

        var outcome = await Provider(handler).SendChatAsync(Call("""{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}"""), CancellationToken.None);

        Assert.Contains("\"stream\":true", handler.Request!.BodyText);
        await using var stream = outcome.AssertStreaming();
        await GoldenFiles.AssertStreamAsync(stream, Fixture(chunks));
    }

    [Fact]
    public async Task StreamCutBeforeMessageEndFails()
    {
        var cut = string.Join("\n\n", Fixture("stream-text.sse").Split("\n\n").SkipLast(2)) + "\n\n";

        var outcome = await Provider(new VerbatimHttpHandler(() => Responses.EventStream(cut)))
            .SendChatAsync(Call("""{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}"""), CancellationToken.None);

        await using var stream = outcome.AssertStreaming();
        var events = await stream.ReadAllAsync();
        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Equal(StreamEventKind.Chunk, events[0].Kind);
    }
}
