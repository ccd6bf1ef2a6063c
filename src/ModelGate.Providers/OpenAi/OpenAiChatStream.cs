using System.IO.Pipelines;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// Reads an OpenAI chat SSE stream chunk by chunk. Each read must arrive within the idle deadline; a cut
/// connection, a garbled chunk, an in-band error or a stream ending without <c>[DONE]</c> is a failure.
/// </summary>
/// <param name="deadline">Linked to <paramref name="callToken"/>, the token the call was sent with.</param>
internal sealed class OpenAiChatStream(
    string provider, HttpResponseMessage response, Stream body, CancellationTokenSource deadline, CancellationToken callToken, TimeSpan idle)
    : IChatStream
{
    private readonly SseReader reader = new(PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024)));

    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        SseEvent? next;
        deadline.CancelAfter(idle);
        using var readCancellation = cancellationToken == callToken || !cancellationToken.CanBeCanceled
            ? default
            : cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        try
        {
            next = await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StreamEvent.Failed(GatewayErrors.UpstreamTimeout(provider, $"with no stream event for {idle.TotalSeconds:0.#} s"));
        }
        catch (Exception e) when (e is IOException or HttpRequestException or SseFormatException)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(provider, $"the stream broke: {e.Message}"));
        }

        if (next is not { } sse)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(provider, "the stream ended before [DONE]"));
        }

        if (sse.Data.Span.SequenceEqual("[DONE]"u8))
        {
            return StreamEvent.Done;
        }

        try
        {
            var facts = OpenAiBodyInspector.Inspect(sse.Data.Span);
            return facts.HasError
                ? StreamEvent.Failed(OpenAiErrorMapper.InBand(provider, sse.Data.Span))
                : StreamEvent.Chunk(sse.Data, facts.Usage, facts.IsUsageOnly);
        }
        catch (JsonException)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(provider, "the stream sent an event that is not JSON"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        deadline.Dispose();
    }
}
