using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ModelGate.Providers.Bedrock.EventStream;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>Decoding <c>application/vnd.amazon.eventstream</c> messages, per the documented layout.</summary>
public sealed class EventStreamReaderTests
{
    /// <summary><c>{"foo": "bar"}</c> with no headers, as published in the event_stream package docs (see Fixtures/eventstream/README.md).</summary>
    private static readonly byte[] PublishedNoHeaders =
        [0, 0, 0, 30, 0, 0, 0, 0, 186, 242, 246, 138, 123, 34, 102, 111, 111, 34, 58, 32, 34, 98, 97, 114, 34, 125, 174, 114, 88, 228];

    /// <summary>The same payload with a <c>content-type: application/json</c> string header.</summary>
    private static readonly byte[] PublishedWithHeader =
    [
        0, 0, 0, 62, 0, 0, 0, 32, 64, 93, 249, 70, 12, 99, 111, 110, 116, 101, 110, 116, 45, 116, 121, 112, 101, 7, 0, 16, 97, 112, 112,
        108, 105, 99, 97, 116, 105, 111, 110, 47, 106, 115, 111, 110, 123, 34, 102, 111, 111, 34, 58, 32, 34, 98, 97, 114, 34, 125, 111,
        162, 191, 59,
    ];

    private static async Task<List<EventStreamMessage>> ReadAllAsync(byte[] bytes)
    {
        var reader = new EventStreamReader(PipeReader.Create(new MemoryStream(bytes)));
        var messages = new List<EventStreamMessage>();
        while (await reader.ReadAsync(default) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    [Fact]
    public async Task DecodesPublishedFramesByteExactly()
    {
        var messages = await ReadAllAsync([.. PublishedNoHeaders, .. PublishedWithHeader]);

        Assert.Equal(2, messages.Count);
        Assert.Empty(messages[0].Headers);
        Assert.Equal("""{"foo": "bar"}""", Encoding.UTF8.GetString(messages[0].Payload));
        Assert.Equal("application/json", messages[1].Header("content-type"));
        Assert.Equal("""{"foo": "bar"}""", Encoding.UTF8.GetString(messages[1].Payload));
    }

    [Fact]
    public void TheTestEncoderMatchesThePublishedBytes()
    {
        Assert.Equal(PublishedNoHeaders, BedrockTestKit.Frame([], Encoding.UTF8.GetBytes("""{"foo": "bar"}""")));
        Assert.Equal(PublishedWithHeader, BedrockTestKit.Frame([("content-type", "application/json")], Encoding.UTF8.GetBytes("""{"foo": "bar"}""")));
    }

    [Fact]
    public async Task HeadersOfOtherTypesAreSkippedBySize()
    {
        byte[] headers =
        [
            4, .. "flag"u8, 0,                                   // bool true
            1, .. "b"u8, 2, 0x7F,                                // byte
            1, .. "s"u8, 3, 0, 1,                                // short
            1, .. "i"u8, 4, 0, 0, 0, 1,                          // int
            1, .. "l"u8, 5, 0, 0, 0, 0, 0, 0, 0, 1,              // long
            3, .. "bin"u8, 6, 0, 3, 1, 2, 3,                     // byte array
            2, .. "ts"u8, 8, 0, 0, 1, 0, 0, 0, 0, 0,             // timestamp
            4, .. "uuid"u8, 9, .. new byte[16],                  // uuid
            11, .. ":event-type"u8, 7, 0, 12, .. "messageStart"u8,
        ];

        var message = Assert.Single(await ReadAllAsync(BedrockTestKit.RawFrame(headers, "{}"u8.ToArray())));

        Assert.Equal("messageStart", message.EventType);
        Assert.Single(message.Headers);
    }

    [Fact]
    public async Task ABadMessageChecksumIsInvalidData()
    {
        var frame = BedrockTestKit.Event("messageStart", """{"role":"assistant"}""");
        frame[^6] ^= 0x01;

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(frame));
    }

    [Fact]
    public async Task ABadPreludeChecksumIsInvalidData()
    {
        var frame = BedrockTestKit.Event("messageStart", """{"role":"assistant"}""");
        frame[9] ^= 0x01;

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(frame));
    }

    [Fact]
    public async Task AStreamCutInsideAMessageIsInvalidData()
    {
        var frames = BedrockTestKit.Events("""[{"event":"messageStart","payload":{"role":"assistant"}},{"event":"messageStop","payload":{"stopReason":"end_turn"}}]""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(frames[..^5]));

        Assert.Contains("ended inside a message", error.Message);
    }

    [Fact]
    public async Task FramesSplitAcrossReadsAreReassembled()
    {
        var bytes = BedrockTestKit.Events("""[{"event":"messageStart","payload":{"role":"assistant"}},{"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"hé"}}}]""");
        var pipe = new Pipe();
        var reader = new EventStreamReader(pipe.Reader);
        var writer = Task.Run(async () =>
        {
            foreach (var b in bytes)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }

            await pipe.Writer.CompleteAsync();
        });

        var first = await reader.ReadAsync(default);
        var second = await reader.ReadAsync(default);
        var end = await reader.ReadAsync(default);
        await writer;

        Assert.Equal("messageStart", first!.EventType);
        Assert.Equal("hé", System.Text.Json.Nodes.JsonNode.Parse(second!.Payload)!["delta"]!["text"]!.GetValue<string>());
        Assert.Null(end);
    }

    [Fact]
    public void ImpossibleLengthsAreInvalidData()
    {
        var frame = BedrockTestKit.RawFrame([], []);
        frame[3] = 8; // total length 8 < the 16-byte minimum; fix the prelude CRC so only the length is wrong
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), BedrockTestKit.Crc32(frame.AsSpan(0, 8)));
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.Throws<InvalidDataException>(() => EventStreamReader.TryRead(ref buffer, out _));
    }
}
