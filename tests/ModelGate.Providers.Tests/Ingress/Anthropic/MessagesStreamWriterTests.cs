using System.Buffers;
using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Providers.Tests.Ingress.Anthropic;

/// <summary>The stream writer: golden files under Fixtures/openai-messages-stream, then timing, errors and odd streams.</summary>
public sealed class MessagesStreamWriterTests
{
    private const string Id = "chatcmpl-1";

    private static string Chunk(string delta, string? finishReason = null) =>
        $$"""{"id":"{{Id}}","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}]}""";

    private const string UsageChunk =
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}""";

    private static (MessagesStreamWriter Writer, ArrayBufferWriter<byte> Output) Write(params string[] chunks)
    {
        var writer = new MessagesStreamWriter(MessagesTestData.Model);
        var output = new ArrayBufferWriter<byte>();
        foreach (var chunk in chunks)
        {
            Assert.Null(writer.WriteChunk(Encoding.UTF8.GetBytes(chunk), output));
        }

        return (writer, output);
    }

    private static List<string> EventTypes(ArrayBufferWriter<byte> output) =>
        MessagesTestData.Text(output).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('\n')[0]["event: ".Length..]).ToList();

    [Theory]
    [InlineData("text")]
    [InlineData("thinking")]
    [InlineData("parallel-tools")]
    public void WritesTheEventsTheGoldenFileSays(string name)
    {
        var chunks = MessagesTestData.Fixture("openai-messages-stream", $"{name}.chunks.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var (writer, output) = Write(chunks);
        writer.Complete(output);

        Assert.Equal(MessagesTestData.Fixture("openai-messages-stream", $"{name}.sse"), MessagesTestData.Text(output));
        Assert.True(writer.IsFinished);
    }

    [Fact]
    public void MessageDeltaWaitsForTheUsageChunk()
    {
        var (writer, output) = Write(Chunk("""{"role":"assistant","content":"Hi"}"""), Chunk("{}", "stop"));

        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop"], EventTypes(output));
        Assert.False(writer.IsFinished);

        writer.WriteChunk(Encoding.UTF8.GetBytes(UsageChunk), output);

        Assert.Equal("message_stop", EventTypes(output)[^1]);
        Assert.Contains("\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":3}", MessagesTestData.Text(output), StringComparison.Ordinal);
        Assert.True(writer.IsFinished);
    }

    [Fact]
    public void UsageInTheFinishChunkEndsTheMessageAtOnce()
    {
        var finishWithUsage = Chunk("{}", "length").Replace("}]}", "}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}", StringComparison.Ordinal);
        var (writer, output) = Write(Chunk("""{"content":"Hi"}"""), finishWithUsage);

        Assert.True(writer.IsFinished);
        Assert.Contains("\"stop_reason\":\"max_tokens\"", MessagesTestData.Text(output), StringComparison.Ordinal);
    }

    [Fact]
    public void AStreamWithoutUsageEndsWithZeroOutputTokensAtComplete()
    {
        var (writer, output) = Write(Chunk("""{"content":"Hi"}"""));
        writer.Complete(output);

        var text = MessagesTestData.Text(output);
        Assert.EndsWith(
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":0}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            text, StringComparison.Ordinal);
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], EventTypes(output));
    }

    [Fact]
    public void AnEmptyStreamStillHasTheWholeEnvelope()
    {
        var (writer, output) = Write();
        writer.Complete(output);

        Assert.Equal(["message_start", "message_delta", "message_stop"], EventTypes(output));
    }

    [Fact]
    public void AnErrorEndsTheStreamInAnthropicsShape()
    {
        var (writer, output) = Write(Chunk("""{"content":"Hi"}"""));
        writer.WriteError(GatewayErrors.UpstreamOverloaded("anthropic", "Overloaded"), output);
        writer.Complete(output);
        writer.WritePing(output);

        Assert.EndsWith(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Provider 'anthropic' is overloaded: Overloaded\"}}\n\n",
            MessagesTestData.Text(output), StringComparison.Ordinal);
        Assert.DoesNotContain("message_stop", MessagesTestData.Text(output), StringComparison.Ordinal);
        Assert.True(writer.IsFinished);
    }

    [Fact]
    public void APingIsAnEventOfItsOwn()
    {
        var (writer, output) = Write(Chunk("""{"content":"Hi"}"""));
        var before = output.WrittenCount;
        writer.WritePing(output);

        Assert.Equal("event: ping\ndata: {\"type\":\"ping\"}\n\n", Encoding.UTF8.GetString(output.WrittenSpan[before..]));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    public void AChunkThatIsNotJsonIsReturnedAsAnError(string chunk)
    {
        var writer = new MessagesStreamWriter(MessagesTestData.Model);
        var output = new ArrayBufferWriter<byte>();

        var error = writer.WriteChunk(Encoding.UTF8.GetBytes(chunk), output);

        Assert.Equal(502, error?.Status);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void ASignedBlockWithoutReasoningDeltasIsAWholeThinkingBlock()
    {
        var (_, output) = Write(Chunk("""{"thinking_blocks":[{"type":"thinking","thinking":"Hmm.","signature":"sig"}]}"""));

        var text = MessagesTestData.Text(output);
        Assert.Contains("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}", text, StringComparison.Ordinal);
        Assert.Contains("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}", text, StringComparison.Ordinal);
        Assert.Contains("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}", text, StringComparison.Ordinal);
        Assert.EndsWith("{\"type\":\"content_block_stop\",\"index\":0}\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolCallsAfterTextCloseTheTextAndEachGetsABlock()
    {
        var (writer, output) = Write(
            Chunk("""{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"index":1,"id":"b","type":"function","function":{"name":"g","arguments":"{\"x\":1}"}}]}"""),
            Chunk("{}", "tool_calls"),
            UsageChunk);

        var text = MessagesTestData.Text(output);
        Assert.Contains("\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":{}}", text, StringComparison.Ordinal);
        Assert.Contains("\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"b\",\"name\":\"g\",\"input\":{}}", text, StringComparison.Ordinal);
        Assert.Contains("\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\":1}\"}", text, StringComparison.Ordinal);
        Assert.Contains("\"stop_reason\":\"tool_use\"", text, StringComparison.Ordinal);
        Assert.True(writer.IsFinished);
    }

    [Fact]
    public void ChunksAfterTheEndWriteNothing()
    {
        var (writer, output) = Write(Chunk("""{"content":"Hi"}"""), Chunk("{}", "stop"), UsageChunk);
        var written = output.WrittenCount;

        writer.WriteChunk(Encoding.UTF8.GetBytes(Chunk("""{"content":"late"}""")), output);
        writer.Complete(output);

        Assert.Equal(written, output.WrittenCount);
    }
}
