using System.Runtime.CompilerServices;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.Translation;

/// <summary>An OpenAI chunk stream made from a provider's SSE stream by an <see cref="IStreamTranslator"/>.</summary>
public sealed class TranslatingSseStream(SseUpstream upstream, IStreamTranslator translator) : IChatStream
{
    private readonly Queue<StreamEvent> pending = new();
    private bool closed;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one read per event: pool the state machine
    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        while (pending.Count == 0)
        {
            if (closed)
            {
                return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream ended before it was complete"));
            }

            var (next, error) = await upstream.NextAsync(cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return StreamEvent.Failed(error);
            }

            if (next is { } providerEvent)
            {
                translator.Translate(providerEvent, pending);
            }
            else
            {
                closed = true;
                translator.Complete(pending);
            }
        }

        return pending.Dequeue();
    }

    public ValueTask DisposeAsync() => upstream.DisposeAsync();
}
