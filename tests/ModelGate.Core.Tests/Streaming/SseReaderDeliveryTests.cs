using System.Text;
using ModelGate.Core.Streaming;

namespace ModelGate.Core.Tests.Streaming;

/// <summary>Streams that arrive in pieces, as they do from a socket.</summary>
public sealed class SseReaderDeliveryTests
{
    private const string OpenAiStream =
        "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\r\n\r\n" +
        ": keep-alive\r\n\r\n" +
        "event: message\r\ndata: {\"choices\":[],\r\ndata: \"usage\":{}}\r\n\r\n" +
        "data: [DONE]\r\n\r\n";

    private static readonly Received[] OpenAiEvents =
    [
        Received.Message("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"),
        new("message", "{\"choices\":[],\n\"usage\":{}}"),
        Received.Message("[DONE]"),
    ];

    [Fact]
    public async Task CrlfSplitAcrossWritesIsOneLineEnding()
    {
        var events = await SseFeed.ReadAllInPiecesAsync("data: a\r", "\ndata: b\r\n\r\n");

        Assert.Equal([Received.Message("a\nb")], events);
    }

    [Fact]
    public async Task CrlfSplitAcrossWritesAtTheEndOfAnEventDispatchesItOnce()
    {
        var events = await SseFeed.ReadAllInPiecesAsync("data: a\r\n\r", "\ndata: b\r", "\n\r", "\n");

        Assert.Equal([Received.Message("a"), Received.Message("b")], events);
    }

    [Fact]
    public async Task CrAtTheEndOfAWriteFollowedByAnotherLineIsALineEnding()
    {
        var events = await SseFeed.ReadAllInPiecesAsync("data: a\r", "data: b\r", "\r");

        Assert.Equal([Received.Message("a\nb")], events);
    }

    [Fact]
    public async Task CrAtTheVeryEndOfTheStreamEndsTheLastLine()
    {
        var events = await SseFeed.ReadAllInPiecesAsync("data: a\r", "\r");

        Assert.Equal([Received.Message("a")], events);
    }

    [Fact]
    public async Task EventSplitInsideAFieldNameIsReadWhole()
    {
        var events = await SseFeed.ReadAllInPiecesAsync("da", "ta", ": hel", "lo\n", "ev", "ent: x\n", "\n");

        Assert.Equal([new Received("x", "hello")], events);
    }

    [Fact]
    public async Task ByteByByteStreamIsReadLikeAWholeOne()
    {
        Assert.Equal(OpenAiEvents, await SseFeed.ReadAllAsync(SseFeed.ByteByByte(OpenAiStream)));
        Assert.Equal(OpenAiEvents, await SseFeed.ReadAllAsync(OpenAiStream));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task ByteByByteWorksForEveryLineEnding(string newline)
    {
        var text = $"event: e{newline}data: 1{newline}data: 2{newline}{newline}: c{newline}data: 3{newline}{newline}";

        Assert.Equal(
            [new Received("e", "1\n2"), Received.Message("3")],
            await SseFeed.ReadAllAsync(SseFeed.ByteByByte(text)));
    }

    [Fact]
    public async Task MultiByteCharactersSplitAcrossWritesAreKept()
    {
        Assert.Equal([Received.Message("日本😀")], await SseFeed.ReadAllAsync(SseFeed.ByteByByte("data: 日本😀\n\n")));
    }

    [Fact]
    public async Task EverySplitPointGivesTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(OpenAiStream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var events = await SseFeed.ReadAllAsync([bytes[..split], bytes[split..]]);

            Assert.True(OpenAiEvents.SequenceEqual(events), $"split at byte {split}: {string.Join(" | ", events)}");
        }
    }

    [Fact]
    public async Task LargeEventAcrossManyWritesIsReadWhole()
    {
        var payload = new string('x', 100_000);
        var pieces = Encoding.UTF8.GetBytes($"data: {payload}\n\n").Chunk(4000).ToList();

        Assert.Equal([Received.Message(payload)], await SseFeed.ReadAllAsync(pieces));
    }

    [Fact]
    public async Task EventIsReturnedAsSoonAsItsBlankLineArrives()
    {
        var pipe = SseFeed.LockstepPipe();
        var reader = new SseReader(pipe.Reader);

        var read = reader.ReadAsync();
        await pipe.Writer.WriteAsync("data: a\n"u8.ToArray());
        Assert.False(read.IsCompleted);
        await pipe.Writer.WriteAsync("\n"u8.ToArray());

        Assert.True(read.IsCompleted);
        Assert.Equal(Received.Message("a"), SseFeed.Copy((await read)!.Value));
    }

    [Fact]
    public async Task PendingCrDoesNotHoldBackAnEventThatEndedInLf()
    {
        var pipe = SseFeed.LockstepPipe();
        var reader = new SseReader(pipe.Reader);

        var read = reader.ReadAsync();
        await pipe.Writer.WriteAsync("data: a\r\n\r\n"u8.ToArray());

        Assert.True(read.IsCompleted);
        Assert.Equal(Received.Message("a"), SseFeed.Copy((await read)!.Value));
    }

    [Fact]
    public async Task SecondEventAlreadyBufferedIsReturnedWithoutWaitingForMoreBytes()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var reader = new SseReader(pipe.Reader);
        await pipe.Writer.WriteAsync("data: a\n\ndata: b\n\n"u8.ToArray());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var first = SseFeed.Copy((await reader.ReadAsync(timeout.Token))!.Value); // valid only until the next read
        var second = SseFeed.Copy((await reader.ReadAsync(timeout.Token))!.Value);

        Assert.Equal(Received.Message("a"), first);
        Assert.Equal(Received.Message("b"), second);
        await pipe.Writer.CompleteAsync();
    }
}
