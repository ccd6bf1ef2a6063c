using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>Connection failures, deadlines and cancellation, with real but short timeouts.</summary>
[Collection(RealTimeCollection.Name)]
public sealed class OpenAiCompatibleProviderTransportTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    private static OpenAiCompatibleProvider Provider(VerbatimHttpHandler handler, TimeSpan? firstByte = null, TimeSpan? idle = null) =>
        new(TestData.OpenAi(firstByte: firstByte, idle: idle), new HttpClient(handler), TimeProvider.System);

    private static VerbatimHttpHandler Hangs() =>
        new(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

    [Fact]
    public async Task ConnectionFailureIsRetriable502()
    {
        var handler = new VerbatimHttpHandler((_, _) =>
            throw new HttpRequestException("Connection refused (upstream.test:443)", new SocketException((int)SocketError.ConnectionRefused)));

        var error = (await Provider(handler).SendChatAsync(TestData.SimpleCall(), CancellationToken.None)).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
        Assert.Equal("Provider 'up' failed: request failed: Connection refused (upstream.test:443)", error.Message);
    }

    [Fact]
    public async Task BodyThatBreaksWhileReadingIsRetriable502()
    {
        var handler = new VerbatimHttpHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BrokenStream()) });

        var error = (await Provider(handler).SendChatAsync(TestData.SimpleCall(), CancellationToken.None)).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoResponseHeadersWithinFirstByteIsRetriable504(bool stream)
    {
        var started = DateTime.UtcNow;

        var outcome = await Provider(Hangs(), firstByte: Short).SendChatAsync(TestData.SimpleCall(stream), CancellationToken.None);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(504, error.Status);
        Assert.Equal(ErrorCodes.UpstreamTimeout, error.Code);
        Assert.Equal(ErrorTypes.Timeout, error.Type);
        Assert.Equal("Provider 'up' timed out waiting for the response.", error.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task BodyThatStallsForIdleIsRetriable504()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("""{"id":"x","choices":"""u8.ToArray());
        var handler = new VerbatimHttpHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) });

        var outcome = await Provider(handler, idle: Short).SendChatAsync(TestData.SimpleCall(), CancellationToken.None);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(504, error.Status);
        Assert.Equal("Provider 'up' timed out reading the response body.", error.Message);
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task CallerCancellationPropagates()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Provider(Hangs(), firstByte: TimeSpan.FromSeconds(30)).SendChatAsync(TestData.SimpleCall(), cancellation.Token));
    }

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset by peer");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset by peer"));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
