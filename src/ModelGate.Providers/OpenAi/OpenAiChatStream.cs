using System.Runtime.CompilerServices;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// Relays an OpenAI chat SSE stream chunk by chunk, untranslated. A garbled chunk, an in-band error or a
/// stream ending without <c>[DONE]</c> is a failure, as are the stalls and cuts <see cref="UpstreamBody"/> reports.
/// </summary>
internal sealed class OpenAiChatStream(SseUpstream upstream) : IChatStream
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one read per event: pool the state machine
    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        var (next, error) = await upstream.NextAsync(cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return StreamEvent.Failed(error);
        }

        if (next is not { } sse)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream ended before [DONE]"));
        }

        if (sse.Data.Span.SequenceEqual("[DONE]"u8))
        {
            return StreamEvent.Done;
        }

        try
        {
            var facts = OpenAiBodyInspector.Inspect(sse.Data.Span);
            return facts.HasError
                ? StreamEvent.Failed(OpenAiErrorMapper.InBand(upstream.Provider, sse.Data.Span))
                : StreamEvent.Chunk(sse.Data, facts.Usage, facts.IsUsageOnly);
        }
        catch (JsonException)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream sent an event that is not JSON"));
        }
    }

    public ValueTask DisposeAsync() => upstream.DisposeAsync();
}
