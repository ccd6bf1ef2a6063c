using Microsoft.AspNetCore.Http.Features;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Server.Formats;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// Relays an open chat stream to the client event by event in the client's format, never holding one back. A failure
/// after the first byte ends the stream with the format's in-band error event, so a cut answer never looks complete.
/// </summary>
public static class StreamRelay
{
    public sealed record Result(TokenUsage? Usage, GatewayError? Failure);

    /// <param name="first">The first event, already read (and not a failure) before the response started.</param>
    /// <param name="upstreamToken">Cancels reading from the provider: the client went away or a deadline passed.</param>
    /// <param name="deadlineError">The error event to end with when a deadline (not the client) cancelled the read.</param>
    public static async Task<Result> RelayAsync(HttpContext context, IChatStream stream, StreamEvent first, IClientFormat format,
        CancellationToken upstreamToken, Func<GatewayError> deadlineError)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.StreamContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var writer = response.BodyWriter;
        var cancellation = context.RequestAborted;
        TokenUsage? usage = null;
        for (var next = first; ;)
        {
            var failure = next.Kind switch
            {
                StreamEventKind.Chunk => format.StreamChunk(next, writer),
                StreamEventKind.Failed => next.Error,
                _ => null,
            };
            usage = next.Usage ?? usage;
            if (failure is not null)
            {
                format.StreamFailed(failure, writer);
                await writer.FlushAsync(cancellation);
                return new Result(usage, failure);
            }

            if (next.Kind == StreamEventKind.Done)
            {
                format.StreamDone(writer);
                await writer.FlushAsync(cancellation);
                return new Result(usage, null);
            }

            // Events the provider already sent go out together; whenever the next one is not here yet, what was
            // written is flushed first, so no event ever waits in the gateway.
            var pending = stream.ReadAsync(upstreamToken);
            if (!pending.IsCompleted)
            {
                await writer.FlushAsync(cancellation);
            }

            try
            {
                next = await pending;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                next = StreamEvent.Failed(deadlineError());
            }
        }
    }
}
