using ModelGate.Core.Errors;
using ModelGate.Core.Usage;

namespace ModelGate.Core.Providers;

/// <summary>How an embeddings attempt ended: a whole response or a failure.</summary>
public abstract record EmbeddingsOutcome;

/// <param name="Body">An OpenAI embeddings <c>list</c> object, already checked to be well-formed JSON.</param>
public sealed record EmbeddingsCompleted(ReadOnlyMemory<byte> Body, TokenUsage? Usage) : EmbeddingsOutcome;

/// <param name="Retriable">Another attempt (elsewhere, or later) may succeed: timeouts, 429, 5xx, connection errors.</param>
public sealed record EmbeddingsFailed(GatewayError Error, bool Retriable) : EmbeddingsOutcome
{
    /// <summary>The same failure as the chat error readers decide it, so both APIs share one error policy.</summary>
    public static EmbeddingsFailed From(ChatFailed failed) => new(failed.Error, failed.Retriable);
}
