using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>Streams, through the provider: golden files under Fixtures/anthropic-openai-stream, then cuts and errors.</summary>
public sealed class AnthropicStreamTranslatorTests
{
    private const string Request = """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private const string Start =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";

    private static async Task<List<ReadEvent>> StreamAsync(string sse)
    {
        var outcome = await AnthropicTestData.SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), Request);
        await using var stream = outcome.AssertStreaming();
        return await stream.ReadAllAsync();
    }

    [Theory]
    [InlineData("text")]
    [InlineData("tool-use")]
    [InlineData("thinking")]
    [InlineData("json-object")]
    public async Task TranslatesAsTheGoldenFileSays(string name)
    {
        var events = await StreamAsync(AnthropicTestData.Fixture("anthropic-openai-stream", $"{name}.sse"));

        var expected = AnthropicTestData.Fixture("anthropic-openai-stream", $"{name}.chunks.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, events.Count);
        for (var i = 0; i < expected.Length - 1; i++)
        {
            Assert.Equal(StreamEventKind.Chunk, events[i].Kind);
            AnthropicTestData.AssertJsonEqual(expected[i], events[i].Data);
            Assert.Equal(expected[i].Contains("\"choices\":[]", StringComparison.Ordinal), events[i].IsUsageOnly);
        }

        Assert.Equal("[DONE]", expected[^1]);
        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
    }

    [Fact]
    public async Task TheUsageChunkCarriesTheUsage()
    {
        var events = await StreamAsync(AnthropicTestData.Fixture("anthropic-openai-stream", "tool-use.sse"));

        Assert.Equal(new TokenUsage(600, 89, 689, CachedPromptTokens: 128), events[^2].Usage);
    }

    [Fact]
    public async Task AStreamCutBeforeMessageStopFails()
    {
        var events = await StreamAsync(Start);

        Assert.Equal(StreamEventKind.Chunk, events[0].Kind);
        var failure = events[^1];
        Assert.Equal(StreamEventKind.Failed, failure.Kind);
        Assert.Equal(ErrorCodes.UpstreamError, failure.Error!.Code);
        Assert.Contains("message_stop", failure.Error.Message);
    }

    [Fact]
    public async Task AnOverloadedErrorEventFailsTheStreamAsOverloaded()
    {
        var events = await StreamAsync(Start + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");

        var failure = events[^1];
        Assert.Equal(StreamEventKind.Failed, failure.Kind);
        Assert.Equal(503, failure.Error!.Status);
        Assert.Equal(ErrorCodes.UpstreamOverloaded, failure.Error.Code);
        Assert.Contains("Overloaded", failure.Error.Message);
    }

    [Fact]
    public async Task AnEventThatIsNotJsonFailsTheStream()
    {
        var events = await StreamAsync(Start + "event: content_block_delta\ndata: {not json\n\n");

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Contains("not JSON", events[^1].Error!.Message);
    }

    [Fact]
    public async Task ContentBeforeMessageStartFailsTheStream()
    {
        var events = await StreamAsync("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");

        Assert.Equal(StreamEventKind.Failed, Assert.Single(events).Kind);
    }
}
