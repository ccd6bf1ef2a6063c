using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Server.Http;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// Relays an open chat stream to the client event by event, never holding one back. The usage-only chunk reaches
/// only clients that asked for it; a failure after the first byte ends the stream with an in-band
/// <c>{"error":...}</c> event and no <c>[DONE]</c>, so a cut answer never looks complete.
/// </summary>
public static class StreamRelay
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> DoneEvent => "data: [DONE]\n\n"u8;

    public sealed record Result(TokenUsage? Usage, GatewayError? Failure);

    /// <param name="first">The first event, already read (and not a failure) before the response started.</param>
    /// <param name="upstreamToken">Cancels reading from the provider: the client went away or a deadline passed.</param>
    /// <param name="deadlineError">The error event to end with when a deadline (not the client) cancelled the read.</param>
    public static async Task<Result> RelayAsync(HttpContext context, IChatStream stream, StreamEvent first, bool clientWantsUsage,
        CancellationToken upstreamToken, Func<GatewayError> deadlineError)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var writer = response.BodyWriter;
        var cancellation = context.RequestAborted;
        TokenUsage? usage = null;
        for (var next = first; ;)
        {
            switch (next.Kind)
            {
                case StreamEventKind.Chunk:
                    usage = next.Usage ?? usage;
                    if (!next.IsUsageOnly || clientWantsUsage)
                    {
                        writer.Write(DataPrefix);
                        writer.Write(next.Data.Span);
                        writer.Write(EventEnd);
                    }

                    break;
                case StreamEventKind.Done:
                    writer.Write(DoneEvent);
                    await writer.FlushAsync(cancellation);
                    return new Result(usage, null);
                default:
                    WriteError(writer, next.Error!);
                    await writer.FlushAsync(cancellation);
                    return new Result(usage, next.Error);
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

    private static void WriteError(IBufferWriter<byte> writer, GatewayError error)
    {
        writer.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(writer, ErrorResponse.WriterOptions))
        {
            ErrorResponse.WriteObject(json, error);
        }

        writer.Write(EventEnd);
    }
}
