using ModelGate.Core.Errors;
using ModelGate.Core.Streaming;

namespace ModelGate.Providers.Http;

/// <summary>
/// An open upstream response body read in steps, each within the idle deadline. Owns the response and the
/// deadline. Faults come back as errors: a stall is <c>upstream_timeout</c>, a cut or malformed stream
/// <c>upstream_error</c>; only the caller's own cancellation throws.
/// </summary>
public sealed class UpstreamBody(
    string provider, HttpResponseMessage response, Stream stream, CancellationTokenSource deadline, CancellationToken callToken, TimeSpan idle)
    : IAsyncDisposable
{
    public Stream Stream => stream;

    public string Provider => provider;

    public async ValueTask<(T? Value, GatewayError? Error)> ReadAsync<TState, T>(
        Func<TState, CancellationToken, ValueTask<T>> read, TState state, CancellationToken cancellationToken)
    {
        deadline.CancelAfter(idle);
        using var readCancellation = cancellationToken == callToken || !cancellationToken.CanBeCanceled
            ? default
            : cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        try
        {
            return (await read(state, deadline.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, GatewayErrors.UpstreamTimeout(provider, $"with no stream event for {idle.TotalSeconds:0.#} s"));
        }
        catch (Exception e) when (e is IOException or HttpRequestException or SseFormatException or InvalidDataException)
        {
            return (default, GatewayErrors.Upstream(provider, $"the stream broke: {e.Message}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        deadline.Dispose();
    }
}
