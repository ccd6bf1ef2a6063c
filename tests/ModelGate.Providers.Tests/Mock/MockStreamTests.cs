using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Tests.Support;
using static ModelGate.Providers.Tests.Mock.MockProviderTests;

namespace ModelGate.Providers.Tests.Mock;

/// <summary>The mock's streams: chunking, the usage chunk, failures mid-stream and chunk delays.</summary>
public sealed class MockStreamTests
{
    internal const string HelloThereStream = """{"model":"demo","stream":true,"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}]}""";

    private static async Task<List<ReadEvent>> ReadAllAsync(MockSettings mock, string json = HelloThereStream)
    {
        var outcome = await Provider(mock).SendChatAsync(Call(json), CancellationToken.None);
        await using var stream = outcome.AssertStreaming();
        return await stream.ReadAllAsync();
    }

    private static (string? Role, string? Content, string? FinishReason) Delta(string chunk)
    {
        using var document = JsonDocument.Parse(chunk);
        var choice = document.RootElement.GetProperty("choices")[0];
        var delta = choice.GetProperty("delta");
        return (
            delta.TryGetProperty("role", out var role) ? role.GetString() : null,
            delta.TryGetProperty("content", out var content) ? content.GetString() : null,
            choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task StreamsRoleThenContentThenStopThenUsageThenDone()
    {
        var events = await ReadAllAsync(MockSettings.Default);

        Assert.Equal(
            new[] { StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Done },
            events.Select(e => e.Kind));
        Assert.Equal(
            """{"id":"chatcmpl-req-123","object":"chat.completion.chunk","created":1700000000,"model":"mock-echo","choices":[{"index":0,"delta":{"role":"assistant","content":"he"},"logprobs":null,"finish_reason":null}]}""",
            events[0].Data);
        Assert.Equal(
            new (string?, string?, string?)[] { ("assistant", "he", null), (null, "llo", null), (null, " th", null), (null, "ere", null), (null, null, "stop") },
            events.Take(5).Select(e => Delta(e.Data)));
        Assert.All(events.Take(5), e => Assert.False(e.IsUsageOnly));
        Assert.All(events.Take(5), e => Assert.Null(e.Usage));
        Assert.Equal(
            new ReadEvent(
                StreamEventKind.Chunk,
                """{"id":"chatcmpl-req-123","object":"chat.completion.chunk","created":1700000000,"model":"mock-echo","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""",
                new TokenUsage(5, 3, 8),
                IsUsageOnly: true,
                null),
            events[5]);
    }

    [Fact]
    public async Task EveryChunkPassesTheGatewaysOwnChunkCheck()
    {
        var events = await ReadAllAsync(MockSettings.Default);

        foreach (var e in events.Where(e => e.Kind == StreamEventKind.Chunk))
        {
            var facts = OpenAiBodyInspector.Inspect(System.Text.Encoding.UTF8.GetBytes(e.Data));
            Assert.Equal(new OpenAiBodyFacts(e.Usage, e.IsUsageOnly, HasError: false), facts);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(11, 11)]
    [InlineData(50, 11)]
    public async Task ChunksSettingControlsTheNumberOfContentPieces(int chunks, int expectedPieces)
    {
        var events = await ReadAllAsync(MockSettings.Default with { Chunks = chunks });

        var pieces = events.Where(e => e.Kind == StreamEventKind.Chunk && !e.IsUsageOnly).Select(e => Delta(e.Data).Content).OfType<string>().ToList();
        Assert.Equal(expectedPieces, pieces.Count);
        Assert.Equal("hello there", string.Concat(pieces));
        Assert.All(pieces, piece => Assert.NotEmpty(piece));
    }

    [Fact]
    public async Task ArrayContentIsStreamedToo()
    {
        const string json = """{"model":"demo","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"part one, "},{"type":"text","text":"part two"}]}]}""";

        var events = await ReadAllAsync(MockSettings.Default with { Chunks = 3 }, json);

        Assert.Equal("part one, part two", string.Concat(events.Where(e => e.Kind == StreamEventKind.Chunk && !e.IsUsageOnly).Select(e => Delta(e.Data).Content)));
    }

    [Fact]
    public async Task PiecesNeverSplitASurrogatePair()
    {
        const string json = """{"model":"demo","stream":true,"messages":[{"role":"user","content":"😀😀"}]}""";

        var events = await ReadAllAsync(MockSettings.Default with { Chunks = 4 }, json);

        Assert.Equal("😀😀", string.Concat(events.Where(e => e.Kind == StreamEventKind.Chunk && !e.IsUsageOnly).Select(e => Delta(e.Data).Content)));
    }

    [Fact]
    public async Task FailAfterChunksSendsThatManyChunksThenFails()
    {
        var events = await ReadAllAsync(MockSettings.Default with { FailStatus = 503, FailAfterChunks = 2 });

        Assert.Equal(new[] { StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Failed }, events.Select(e => e.Kind));
        Assert.Equal(GatewayErrors.Upstream("mock", "the mock stream fails after 2 chunks as configured"), events[2].Error);
    }

    [Fact]
    public async Task FailAfterZeroChunksFailsOnTheFirstRead()
    {
        var events = await ReadAllAsync(MockSettings.Default with { FailAfterChunks = 0 });

        Assert.Equal(StreamEventKind.Failed, Assert.Single(events).Kind);
    }

    [Fact]
    public async Task ChunkDelayIsWaitedOnTheInjectedClockBetweenChunks()
    {
        var time = new FakeTimeProvider(Start);
        var delay = TimeSpan.FromMilliseconds(250);
        var outcome = await Provider(MockSettings.Default with { Chunks = 2, ChunkDelay = delay }, time).SendChatAsync(Call(HelloThereStream), CancellationToken.None);
        await using var stream = outcome.AssertStreaming();

        var first = stream.NextAsync();
        Assert.True(first.IsCompleted);
        Assert.Equal("hello", Delta((await first).Data).Content);

        var second = stream.NextAsync();
        time.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(" there", Delta((await second.WaitAsync(TimeSpan.FromSeconds(5))).Data).Content);

        var stop = stream.NextAsync();
        Assert.False(stop.IsCompleted);
        time.Advance(delay);
        Assert.Equal("stop", Delta((await stop.WaitAsync(TimeSpan.FromSeconds(5))).Data).FinishReason);

        var usage = await stream.NextAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(usage.IsUsageOnly);
        Assert.Equal(StreamEventKind.Done, (await stream.NextAsync().WaitAsync(TimeSpan.FromSeconds(5))).Kind);
    }

    [Fact]
    public async Task ChunkDelayIsCancelledWithTheRead()
    {
        var time = new FakeTimeProvider(Start);
        var outcome = await Provider(MockSettings.Default with { ChunkDelay = TimeSpan.FromSeconds(1) }, time).SendChatAsync(Call(HelloThereStream), CancellationToken.None);
        await using var stream = outcome.AssertStreaming();
        await stream.NextAsync();
        using var cancellation = new CancellationTokenSource();

        var second = stream.NextAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task LatencyComesBeforeTheStreamOpens()
    {
        var time = new FakeTimeProvider(Start);
        var send = Provider(MockSettings.Default with { Latency = TimeSpan.FromSeconds(1) }, time).SendChatAsync(Call(HelloThereStream), CancellationToken.None);

        Assert.False(send.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await using var stream = (await send.WaitAsync(TimeSpan.FromSeconds(5))).AssertStreaming();
        Assert.Equal(StreamEventKind.Chunk, (await stream.NextAsync()).Kind);
    }
}
