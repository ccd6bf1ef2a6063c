using ModelGate.Core.Streaming;

namespace ModelGate.Core.Tests.Streaming;

/// <summary>Fields, line endings and dispatch rules, with the whole stream written at once.</summary>
public sealed class SseReaderParsingTests
{
    [Theory]
    [InlineData("data: a\n\ndata: b\n\n")]
    [InlineData("data: a\r\n\r\ndata: b\r\n\r\n")]
    [InlineData("data: a\r\rdata: b\r\r")]
    [InlineData("data: a\r\n\ndata: b\n\r\n")]
    [InlineData("data: a\r\rdata: b\n\n")]
    public async Task EveryLineEndingEndsLinesAndEvents(string text)
    {
        Assert.Equal([Received.Message("a"), Received.Message("b")], await SseFeed.ReadAllAsync(text));
    }

    [Theory]
    [InlineData("data: one\ndata: two\ndata: three\n\n")]
    [InlineData("data: one\r\ndata: two\r\ndata: three\r\n\r\n")]
    [InlineData("data: one\rdata: two\rdata: three\r\r")]
    public async Task DataLinesAreJoinedWithLineFeeds(string text)
    {
        Assert.Equal([Received.Message("one\ntwo\nthree")], await SseFeed.ReadAllAsync(text));
    }

    [Theory]
    [InlineData("data:x\n\n", "x")]
    [InlineData("data: x\n\n", "x")]
    [InlineData("data:  x\n\n", " x")]
    [InlineData("data: x \n\n", "x ")]
    [InlineData("data:\n\n", "")]
    [InlineData("data\n\n", "")]
    [InlineData("data: a:b: c\n\n", "a:b: c")]
    [InlineData("data: {\"k\":\"v\"}\n\n", "{\"k\":\"v\"}")]
    public async Task OnlyOneSpaceAfterTheColonIsRemoved(string text, string data)
    {
        Assert.Equal([Received.Message(data)], await SseFeed.ReadAllAsync(text));
    }

    [Fact]
    public async Task EmptyDataLinesStillCount()
    {
        Assert.Equal([Received.Message("\na\n")], await SseFeed.ReadAllAsync("data\ndata: a\ndata:\n\n"));
    }

    [Fact]
    public async Task CommentsAreIgnored()
    {
        Assert.Equal(
            [Received.Message("a\nb")],
            await SseFeed.ReadAllAsync(": keep-alive\ndata: a\n:data: not this\ndata: b\n: another\n\n: trailing comment\n\n"));
    }

    [Fact]
    public async Task CommentOnlyBlocksDispatchNothing()
    {
        Assert.Empty(await SseFeed.ReadAllAsync(": ping\n\n: ping\n\n"));
    }

    [Fact]
    public async Task EventFieldSetsTheEventType()
    {
        Assert.Equal(
            [new Received("message_start", "{}"), new Received("ping", "p"), Received.Message("plain")],
            await SseFeed.ReadAllAsync("event: message_start\ndata: {}\n\nevent:ping\ndata: p\n\ndata: plain\n\n"));
    }

    [Fact]
    public async Task LastEventFieldWins()
    {
        Assert.Equal([new Received("second", "x")], await SseFeed.ReadAllAsync("event: first\nevent: second\ndata: x\n\n"));
    }

    [Fact]
    public async Task EventFieldAfterDataStillApplies()
    {
        Assert.Equal([new Received("late", "x")], await SseFeed.ReadAllAsync("data: x\nevent: late\n\n"));
    }

    [Fact]
    public async Task EventTypeDoesNotCarryOverToTheNextEvent()
    {
        Assert.Equal(
            [new Received("typed", "1"), Received.Message("2")],
            await SseFeed.ReadAllAsync("event: typed\ndata: 1\n\ndata: 2\n\n"));
    }

    [Theory]
    [InlineData("\n\n\ndata: x\n\n")]
    [InlineData("\r\n\r\ndata: x\r\n\r\n\r\n")]
    [InlineData("data: x\n\n\n\n\n")]
    public async Task BlankLinesWithoutDataDispatchNothing(string text)
    {
        Assert.Equal([Received.Message("x")], await SseFeed.ReadAllAsync(text));
    }

    [Fact]
    public async Task EventFieldWithoutDataDispatchesNothingAndIsForgotten()
    {
        Assert.Equal([Received.Message("x")], await SseFeed.ReadAllAsync("event: orphan\n\ndata: x\n\n"));
    }

    [Fact]
    public async Task IdRetryAndUnknownFieldsAreIgnored()
    {
        Assert.Equal(
            [Received.Message("x")],
            await SseFeed.ReadAllAsync("id: 42\nretry: 1000\ndata: x\nfoo: bar\nDATA: upper\ndata : spaced\n\nid: 43\nretry: 5\n\n"));
    }

    [Fact]
    public async Task FieldNamesAreMatchedWhole()
    {
        Assert.Empty(await SseFeed.ReadAllAsync("dat: x\ndatas: y\nevents: z\n\n"));
    }

    [Fact]
    public async Task Utf8DataIsKeptIntact()
    {
        Assert.Equal([Received.Message("héllo 日本 😀")], await SseFeed.ReadAllAsync("data: héllo 日本 😀\n\n"));
    }

    [Fact]
    public async Task OpenAiStyleStreamIsRead()
    {
        const string chunk1 = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}""";
        const string chunk2 = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo\n"}}]}""";

        var events = await SseFeed.ReadAllAsync($"data: {chunk1}\n\ndata: {chunk2}\n\ndata: [DONE]\n\n");

        Assert.Equal([Received.Message(chunk1), Received.Message(chunk2), Received.Message("[DONE]")], events);
    }

    [Fact]
    public async Task EmptyStreamHasNoEvents()
    {
        Assert.Empty(await SseFeed.ReadAllAsync(""));
    }

    [Fact]
    public async Task LinesSpreadOverSegmentsAreReadLikeContiguousOnes()
    {
        var reader = new SseReader(
            SseFeed.Segmented("da", "", "ta", ":", "", " a", "\r", "\n", "", "dat", "a: b\r", "\r", "event", ": t", "", "\n", "da", "ta", "\n", "\n"));

        Assert.Equal([Received.Message("a\nb"), new Received("t", "")], await SseFeed.CollectAsync(reader));
    }

    [Fact]
    public async Task OneByteSegmentsAreReadLikeContiguousOnes()
    {
        const string text = "event: e\r\ndata: {\"a\": 1}\r\n: c\r\ndata:x\r\n\r\ndata: [DONE]\n\n";
        var reader = new SseReader(SseFeed.Segmented(text.Select(c => c.ToString()).ToArray()));

        Assert.Equal(
            [new Received("e", "{\"a\": 1}\nx"), Received.Message("[DONE]")],
            await SseFeed.CollectAsync(reader));
    }
}
