using System.IO.Pipelines;
using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>Reading an upstream event stream through the provider, event by event.</summary>
public sealed class OpenAiChatStreamTests
{
    internal const string Chunk1 = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""";
    internal const string Chunk2 = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel\n\"lo\""},"finish_reason":null}], "x_vendor" : {"a":[1]}}""";
    private const string Chunk3 = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";
    private const string UsageChunk = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":1}}}""";

    internal static async Task<IChatStream> OpenAsync(HttpResponseMessage response, TimeSpan? idle = null, CancellationToken cancellationToken = default)
    {
        var provider = new OpenAiCompatibleProvider(TestData.OpenAi(idle: idle), new HttpClient(new VerbatimHttpHandler(() => response)), TimeProvider.System);
        var outcome = await provider.SendChatAsync(TestData.SimpleCall(stream: true), cancellationToken);
        return outcome.AssertStreaming();
    }

    private static Task<IChatStream> OpenAsync(string sse) => OpenAsync(Responses.EventStream(sse));

    private static async Task<List<ReadEvent>> ReadAllAsync(string sse)
    {
        await using var stream = await OpenAsync(sse);
        return await stream.ReadAllAsync();
    }

    [Fact]
    public async Task ChunksComeThroughExactlyThenDone()
    {
        var events = await ReadAllAsync($"data: {Chunk1}\n\ndata: {Chunk2}\n\ndata: {Chunk3}\n\ndata: {UsageChunk}\n\ndata: [DONE]\n\n");

        Assert.Equal(
            new[]
            {
                new ReadEvent(StreamEventKind.Chunk, Chunk1, null, false, null),
                new ReadEvent(StreamEventKind.Chunk, Chunk2, null, false, null),
                new ReadEvent(StreamEventKind.Chunk, Chunk3, null, false, null),
                new ReadEvent(StreamEventKind.Chunk, UsageChunk, new TokenUsage(9, 3, 12, 8, 1), true, null),
                new ReadEvent(StreamEventKind.Done, "", null, false, null),
            },
            events);
    }

    [Fact]
    public async Task CommentsCrLfAndMissingSpaceAfterTheColonAreFine()
    {
        var events = await ReadAllAsync($": OPENROUTER PROCESSING\r\n\r\nevent: message\r\ndata:{Chunk1}\r\n\r\n: keep-alive\r\n\r\ndata: [DONE]\r\n\r\n");

        Assert.Equal(new[] { StreamEventKind.Chunk, StreamEventKind.Done }, events.Select(e => e.Kind));
        Assert.Equal(Chunk1, events[0].Data);
    }

    [Fact]
    public async Task ChunkWithUsageAndChoicesIsNotUsageOnly()
    {
        const string chunk = """{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

        var events = await ReadAllAsync($"data: {chunk}\n\ndata: [DONE]\n\n");

        Assert.Equal(new ReadEvent(StreamEventKind.Chunk, chunk, new TokenUsage(2, 1, 3), false, null), events[0]);
    }

    [Fact]
    public async Task EventsSplitAcrossWritesAreReassembled()
    {
        var pipe = new Pipe();
        await using var stream = await OpenAsync(Responses.EventStream(pipe.Reader.AsStream()));
        var bytes = Encoding.UTF8.GetBytes($"data: {Chunk2}\r\n\r\ndata: [DONE]\r\n\r\n");

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

        Assert.Equal(new[] { StreamEventKind.Chunk, StreamEventKind.Done }, events.Select(e => e.Kind));
        Assert.Equal(Chunk2, events[0].Data);
    }

    [Theory]
    [InlineData("")]
    [InlineData("data: {\"id\":\"c\",\"choices\":[]}\n\n")]
    [InlineData("data: {\"id\":\"c\",\"choices\":[]}\n\ndata: [DO")]
    public async Task StreamEndingWithoutDoneFails(string sse)
    {
        var events = await ReadAllAsync(sse);

        var failed = events[^1];
        Assert.Equal(StreamEventKind.Failed, failed.Kind);
        Assert.Equal(GatewayErrors.Upstream("up", "the stream ended before [DONE]"), failed.Error);
    }

    [Theory]
    [InlineData("data: this is not json\n\n")]
    [InlineData("data: [1,2]\n\n")]
    [InlineData("data: {\"id\":\"c\",\"choices\":[\n\n")]
    public async Task EventThatIsNotAJsonObjectFails(string sse)
    {
        var events = await ReadAllAsync(sse + "data: [DONE]\n\n");

        var failed = Assert.Single(events);
        Assert.Equal(StreamEventKind.Failed, failed.Kind);
        Assert.Equal(502, failed.Error!.Status);
        Assert.Equal(ErrorCodes.UpstreamError, failed.Error.Code);
        Assert.Equal("Provider 'up' failed: the stream sent an event that is not JSON", failed.Error.Message);
    }

    [Fact]
    public async Task InBandErrorEventFailsWithItsMessage()
    {
        var events = await ReadAllAsync($"data: {Chunk1}\n\ndata: {{\"error\":{{\"message\":\"Model overloaded mid-stream\",\"type\":\"server_error\"}}}}\n\ndata: [DONE]\n\n");

        Assert.Equal(StreamEventKind.Chunk, events[0].Kind);
        Assert.Equal(new ReadEvent(StreamEventKind.Failed, "", null, false, GatewayErrors.Upstream("up", "Model overloaded mid-stream")), events[1]);
    }

    [Fact]
    public async Task StreamThatBreaksFails()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes($"data: {Chunk1}\n\n"));
        await using var stream = await OpenAsync(Responses.EventStream(pipe.Reader.AsStream()));

        var first = await stream.NextAsync();
        await pipe.Writer.CompleteAsync(new IOException("connection reset"));
        var second = await stream.NextAsync();

        Assert.Equal(StreamEventKind.Chunk, first.Kind);
        Assert.Equal(StreamEventKind.Failed, second.Kind);
        Assert.Equal(ErrorCodes.UpstreamError, second.Error!.Code);
        Assert.Contains("the stream broke", second.Error.Message);
    }

    [Fact]
    public async Task CallerCancellationWhileReadingPropagates()
    {
        var pipe = new Pipe();
        using var cancellation = new CancellationTokenSource();
        await using var stream = await OpenAsync(Responses.EventStream(pipe.Reader.AsStream()), cancellationToken: cancellation.Token);

        var read = stream.ReadAsync(cancellation.Token).AsTask();
        cancellation.CancelAfter(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task ErrorStatusOnAStreamRequestIsAFailureNotAStream()
    {
        var response = Responses.Text(System.Net.HttpStatusCode.TooManyRequests, """{"error":{"message":"slow down","type":"requests"}}""");
        response.Headers.Add("Retry-After", "1");
        var provider = new OpenAiCompatibleProvider(TestData.OpenAi(), new HttpClient(new VerbatimHttpHandler(() => response)), TimeProvider.System);

        var error = (await provider.SendChatAsync(TestData.SimpleCall(stream: true), CancellationToken.None)).AssertFailed(retriable: true);

        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task DisposingTheStreamDisposesTheResponse()
    {
        var body = new TrackingStream(Encoding.UTF8.GetBytes($"data: {Chunk1}\n\ndata: [DONE]\n\n"));
        var stream = await OpenAsync(Responses.EventStream(body));
        await stream.NextAsync();

        await stream.DisposeAsync();

        Assert.True(body.Disposed);
    }

    private sealed class TrackingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
