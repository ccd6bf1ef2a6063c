using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;

namespace ModelGate.Providers.Translation;

/// <summary>
/// Turns one provider's stream events into OpenAI chunks. Stateful: one instance per stream. A provider
/// event may yield no chunk or several; the translator adds <see cref="StreamEvent.Done"/> (after the usage
/// chunk) or a failure when the stream is over.
/// </summary>
public interface IStreamTranslator
{
    void Translate(SseEvent providerEvent, Queue<StreamEvent> output);

    /// <summary>The provider closed the stream: finish it, or fail it if it was cut short.</summary>
    void Complete(Queue<StreamEvent> output);
}
