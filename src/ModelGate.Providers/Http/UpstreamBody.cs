using System.Diagnostics;
using System.Runtime.CompilerServices;
using ModelGate.Core.Errors;
using ModelGate.Core.Streaming;

namespace ModelGate.Providers.Http;

/// <summary>
/// An open upstream response body read in steps, each within the idle deadline. Owns the response and the
/// deadline. Faults come back as errors: a stall is <c>upstream_timeout</c>, a cut or malformed stream
/// <c>upstream_error</c>; only the caller's own cancellation throws.
/// </summary>
/// <remarks>
/// The idle deadline is a watchdog that wakes once per idle period and compares against the time the
/// current read started, rather than a timer reset on every event: a stream has many events, and resetting a
/// timer for each one costs more than reading it.
/// </remarks>
public sealed class UpstreamBody : IAsyncDisposable
{
    private readonly string provider;
    private readonly HttpResponseMessage response;
    private readonly Stream stream;
    private readonly CancellationTokenSource deadline;
    private readonly CancellationToken callToken;
    private readonly TimeSpan idle;
    private readonly Timer watchdog;
    private long readStarted = Stopwatch.GetTimestamp();
    private int reading;

    public UpstreamBody(
        string provider, HttpResponseMessage response, Stream stream, CancellationTokenSource deadline, CancellationToken callToken, TimeSpan idle)
    {
        (this.provider, this.response, this.stream, this.deadline, this.callToken, this.idle) = (provider, response, stream, deadline, callToken, idle);
        deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        watchdog = new Timer(static body => ((UpstreamBody)body!).CheckIdle(), this, idle, Timeout.InfiniteTimeSpan);
    }

    public Stream Stream => stream;

    public string Provider => provider;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one read per event: pool the state machine
    public async ValueTask<(T? Value, GatewayError? Error)> ReadAsync<TState, T>(
        Func<TState, CancellationToken, ValueTask<T>> read, TState state, CancellationToken cancellationToken)
    {
        Volatile.Write(ref readStarted, Stopwatch.GetTimestamp());
        Volatile.Write(ref reading, 1);
        using var readCancellation = cancellationToken == callToken || !cancellationToken.CanBeCanceled
            ? default
            : cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        try
        {
            var value = await read(state, deadline.Token).ConfigureAwait(false);
            Volatile.Write(ref reading, 0);
            return (value, null);
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

    private void CheckIdle()
    {
        // Only a read that is waiting on the provider counts: a slow client holding up the relay is not a stalled provider.
        var waited = Volatile.Read(ref reading) == 1 ? Stopwatch.GetElapsedTime(Volatile.Read(ref readStarted)) : TimeSpan.Zero;
        if (waited >= idle)
        {
            deadline.Cancel();
        }
        else
        {
            watchdog.Change(idle - waited, Timeout.InfiniteTimeSpan);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await watchdog.DisposeAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        deadline.Dispose();
    }
}
