using System.IO.Pipelines;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Bedrock.EventStream;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.Bedrock;

/// <summary>
/// An OpenAI chunk stream read from a <c>ConverseStream</c> body: event-stream messages decoded one at a time,
/// each within the idle deadline <see cref="UpstreamBody"/> keeps, and translated.
/// </summary>
internal sealed class BedrockChatStream(UpstreamBody body, BedrockStreamTranslator translator) : IChatStream
{
    private readonly EventStreamReader reader = new(PipeReader.Create(body.Stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024)));
    private readonly Queue<StreamEvent> pending = new();
    private bool ended;

    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        while (pending.Count == 0)
        {
            if (ended)
            {
                return StreamEvent.Failed(GatewayErrors.Upstream(body.Provider, "the stream was read past its end"));
            }

            var (message, error) = await body.ReadAsync(static (r, token) => r.ReadAsync(token), reader, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                ended = true;
                return StreamEvent.Failed(error);
            }

            if (message is null)
            {
                ended = true;
                translator.Complete(pending);
            }
            else
            {
                ended = translator.Translate(message, pending);
            }
        }

        return pending.Dequeue();
    }

    public ValueTask DisposeAsync() => body.DisposeAsync();
}
