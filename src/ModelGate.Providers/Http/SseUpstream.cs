using System.IO.Pipelines;
using ModelGate.Core.Errors;
using ModelGate.Core.Streaming;

namespace ModelGate.Providers.Http;

/// <summary>An upstream body read as server-sent events, one event per call within the idle deadline.</summary>
public sealed class SseUpstream(UpstreamBody body) : IAsyncDisposable
{
    private readonly SseReader reader = new(PipeReader.Create(body.Stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024)));

    public string Provider => body.Provider;

    /// <summary>The next event; null with no error when the provider closed the stream.</summary>
    public ValueTask<(SseEvent? Event, GatewayError? Error)> NextAsync(CancellationToken cancellationToken) =>
        body.ReadAsync(static (sse, token) => sse.ReadAsync(token), reader, cancellationToken);

    public ValueTask DisposeAsync() => body.DisposeAsync();
}
