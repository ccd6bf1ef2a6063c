using System.IO.Pipelines;
using ModelGate.Core.Streaming;

namespace ModelGate.Core.Tests.Streaming;

/// <summary>How a stream ends, and what happens when an event is too large.</summary>
public sealed class SseReaderEndAndLimitTests
{
    [Theory]
    [InlineData("data: last\n")]
    [InlineData("data: last\r\n")]
    [InlineData("data: last\r")]
    public async Task CompleteLastEventWithoutBlankLineIsStillDispatched(string text)
    {
        Assert.Equal([Received.Message("last")], await SseFeed.ReadAllAsync(text));
    }

    [Fact]
    public async Task CompleteLastEventKeepsItsTypeAndAllLines()
    {
        Assert.Equal(
            [Received.Message("1"), new Received("end", "a\nb")],
            await SseFeed.ReadAllAsync("data: 1\n\nevent: end\ndata: a\ndata: b\n"));
    }

    [Theory]
    [InlineData("data: 1\n\ndata: cut")]
    [InlineData("data: 1\n\ndata: whole\ndata: cut")]
    [InlineData("data: 1\n\nda")]
    public async Task CutPartialLineAtTheEndIsDropped(string text)
    {
        Assert.Equal([Received.Message("1")], await SseFeed.ReadAllAsync(text));
    }

    [Fact]
    public async Task StreamEndingInACommentOrEventFieldDispatchesNothingMore()
    {
        Assert.Equal([Received.Message("1")], await SseFeed.ReadAllAsync("data: 1\n\n: bye\nevent: x\n"));
    }

    [Fact]
    public async Task ReadAfterTheEndKeepsReturningNull()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("data: only\n\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        var reader = new SseReader(pipe.Reader);

        Assert.Equal(Received.Message("only"), SseFeed.Copy((await reader.ReadAsync())!.Value));
        Assert.Null(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task ReadAfterTheEndOfAnUnterminatedLastEventKeepsReturningNull()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("data: tail\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        var reader = new SseReader(pipe.Reader);

        Assert.NotNull(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task EventMemoryIsValidUntilTheNextRead()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("event: t\ndata: first\n\ndata: second\n\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        var reader = new SseReader(pipe.Reader);

        var first = (await reader.ReadAsync())!.Value;
        Assert.Equal(new Received("t", "first"), SseFeed.Copy(first));
        var second = (await reader.ReadAsync())!.Value;
        Assert.Equal(Received.Message("second"), SseFeed.Copy(second));
    }

    [Fact]
    public async Task CancellationStopsAWaitingRead()
    {
        var pipe = new Pipe();
        var reader = new SseReader(pipe.Reader);
        using var cancel = new CancellationTokenSource();

        var read = reader.ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    [Fact]
    public async Task PartialLineLongerThanTheLimitThrows()
    {
        var pipe = SseFeed.LockstepPipe();
        var reader = new SseReader(pipe.Reader, maxEventBytes: 64);

        var read = reader.ReadAsync().AsTask();
        await pipe.Writer.WriteAsync(System.Text.Encoding.ASCII.GetBytes("data: " + new string('x', 100)));

        await Assert.ThrowsAsync<SseFormatException>(() => read);
    }

    [Fact]
    public async Task EventOfManyLinesLongerThanTheLimitThrows()
    {
        var pipe = SseFeed.LockstepPipe();
        var reader = new SseReader(pipe.Reader, maxEventBytes: 64);

        var read = reader.ReadAsync().AsTask();
        for (var i = 0; i < 10 && !read.IsCompleted; i++)
        {
            await pipe.Writer.WriteAsync("data: 0123456789\n"u8.ToArray());
        }

        var error = await Assert.ThrowsAsync<SseFormatException>(() => read);
        Assert.Contains("64", error.Message);
    }

    [Fact]
    public async Task EndlessCommentsWithoutANewlineThrowInsteadOfGrowingForever()
    {
        var pipe = SseFeed.LockstepPipe();
        var reader = new SseReader(pipe.Reader, maxEventBytes: 64);

        var read = reader.ReadAsync().AsTask();
        for (var i = 0; i < 20 && !read.IsCompleted; i++)
        {
            await pipe.Writer.WriteAsync(": padding padding\r"u8.ToArray()[..^1]);
        }

        await Assert.ThrowsAsync<SseFormatException>(() => read);
    }

    [Fact]
    public async Task EventsWithinTheLimitAreRead()
    {
        var events = await SseFeed.ReadAllAsync(SseFeed.ByteByByte("data: 0123456789\ndata: 0123456789\n\ndata: x\n\n"), maxEventBytes: 64);

        Assert.Equal([Received.Message("0123456789\n0123456789"), Received.Message("x")], events);
    }

    [Fact]
    public async Task TheLimitAppliesToEachEventNotTheWholeStream()
    {
        var text = string.Concat(Enumerable.Repeat("data: 0123456789\n\n", 50));

        var events = await SseFeed.ReadAllAsync(SseFeed.ByteByByte(text), maxEventBytes: 64);

        Assert.Equal(50, events.Count);
    }
}
