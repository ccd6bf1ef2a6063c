using System.IO.Pipelines;
using System.Text.Json.Nodes;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>ConverseStream event streams as OpenAI chunk sequences (Fixtures/eventstream), and how they fail.</summary>
public sealed class BedrockStreamTests
{
    private const string StreamRequest = """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static async Task<List<ReadEvent>> ReadAllAsync(byte[] body, string request = StreamRequest)
    {
        var handler = new VerbatimHttpHandler(() => BedrockTestKit.EventStream(new MemoryStream(body)));
        var outcome = await BedrockTestKit.Provider(handler).SendChatAsync(TestData.Call(request, BedrockTestKit.Model), default);
        await using var stream = outcome.AssertStreaming();
        return await stream.ReadAllAsync();
    }

    [Theory]
    [InlineData("text")]
    [InlineData("tool-use")]
    [InlineData("reasoning")]
    public async Task TranslatesToTheGoldenChunks(string name)
    {
        var events = await ReadAllAsync(BedrockTestKit.Events(BedrockTestKit.Fixture("eventstream", $"{name}.events.json")));

        var expected = JsonNode.Parse(BedrockTestKit.Fixture("eventstream", $"{name}.chunks.json"))!.AsArray();
        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var kind = expected[i]!["kind"]!.GetValue<string>();
            Assert.Equal(kind, events[i].Kind.ToString().ToLowerInvariant());
            if (kind == "chunk")
            {
                BedrockTestKit.AssertJson(expected[i]!["data"]!.ToJsonString(), events[i].Data);
                Assert.Equal(expected[i]!["usageOnly"]?.GetValue<bool>() ?? false, events[i].IsUsageOnly);
            }
        }
    }

    [Fact]
    public async Task TheUsageChunkCarriesNormalisedUsage()
    {
        var events = await ReadAllAsync(BedrockTestKit.Events(BedrockTestKit.Fixture("eventstream", "text.events.json")));

        Assert.Equal(new Core.Usage.TokenUsage(21, 9, 30, CachedPromptTokens: 4), events[^2].Usage);
    }

    [Fact]
    public async Task AForcedResponseFormatToolStreamsAsContent()
    {
        var body = BedrockTestKit.Events("""
            [{"event":"messageStart","payload":{"role":"assistant"}},
             {"event":"contentBlockStart","payload":{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t","name":"answer"}}}},
             {"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"answer\":"}}}},
             {"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"toolUse":{"input":"\"42\"}"}}}},
             {"event":"messageStop","payload":{"stopReason":"tool_use"}}]
            """);

        var events = await ReadAllAsync(body, """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}""");

        var deltas = events.Where(e => e.Kind == StreamEventKind.Chunk).Select(e => JsonNode.Parse(e.Data)!["choices"]![0]!).ToList();
        Assert.Equal("{\"answer\":\"42\"}", string.Concat(deltas.Select(d => d["delta"]?["content"]?.GetValue<string>())));
        Assert.Equal("stop", deltas[^1]["finish_reason"]!.GetValue<string>());
        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
    }

    [Fact]
    public async Task AStreamEndingBeforeMessageStopFails()
    {
        var body = BedrockTestKit.Events("""[{"event":"messageStart","payload":{"role":"assistant"}},{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"Hel"}}}]""");

        var events = await ReadAllAsync(body);

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Contains("before messageStop", events[^1].Error!.Message);
    }

    [Fact]
    public async Task AStreamCutInsideAFrameFails()
    {
        var body = BedrockTestKit.Events(BedrockTestKit.Fixture("eventstream", "text.events.json"));

        var events = await ReadAllAsync(body[..^10]);

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Equal(ErrorCodes.UpstreamError, events[^1].Error!.Code);
        Assert.DoesNotContain(events, e => e.Kind == StreamEventKind.Done);
    }

    [Fact]
    public async Task ACorruptedFrameFails()
    {
        var body = BedrockTestKit.Events(BedrockTestKit.Fixture("eventstream", "text.events.json"));
        body[^3] ^= 0xFF;

        var events = await ReadAllAsync(body);

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Contains("checksum", events[^1].Error!.Message);
    }

    [Theory]
    [InlineData("throttlingException", 429, ErrorTypes.RateLimit)]
    [InlineData("validationException", 400, ErrorTypes.InvalidRequest)]
    [InlineData("serviceUnavailableException", 503, ErrorTypes.Server)]
    [InlineData("internalServerException", 502, ErrorTypes.Server)]
    [InlineData("modelStreamErrorException", 502, ErrorTypes.Server)]
    public async Task ExceptionMessagesEndTheStreamWithTheirStatus(string exceptionType, int status, string type)
    {
        byte[] body = [.. BedrockTestKit.Event("messageStart", """{"role":"assistant"}"""), .. BedrockTestKit.Exception(exceptionType, "it went wrong")];

        var events = await ReadAllAsync(body);

        var error = Assert.Single(events).Error!;
        Assert.Equal(status, error.Status);
        Assert.Equal(type, error.Type);
        Assert.Contains("it went wrong", error.Message);
    }

    [Fact]
    public async Task FramesArrivingByteByByteAreReassembled()
    {
        var bytes = BedrockTestKit.Events(BedrockTestKit.Fixture("eventstream", "text.events.json"));
        var pipe = new Pipe();
        var handler = new VerbatimHttpHandler(() => BedrockTestKit.EventStream(pipe.Reader.AsStream()));
        var outcome = await BedrockTestKit.Provider(handler).SendChatAsync(TestData.Call(StreamRequest, BedrockTestKit.Model), default);
        await using var stream = outcome.AssertStreaming();
        var writer = Task.Run(async () =>
        {
            foreach (var b in bytes)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }

            await pipe.Writer.CompleteAsync();
        });

        var events = await stream.ReadAllAsync();
        await writer;

        Assert.Equal(5, events.Count);
        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
    }
}
