using ModelGate.Core.Errors;
using ModelGate.Core.Usage;

namespace ModelGate.Core.Providers;

/// <summary>How an attempt ended: a whole response, an open stream, or a failure.</summary>
public abstract record ChatOutcome;

/// <param name="Body">An OpenAI chat.completion object, already checked to be well-formed JSON.</param>
public sealed record ChatCompleted(ReadOnlyMemory<byte> Body, TokenUsage? Usage) : ChatOutcome;

/// <summary>The provider answered 200 and the stream is open; the caller owns and disposes it.</summary>
public sealed record ChatStreaming(IChatStream Stream) : ChatOutcome;

/// <param name="Retriable">Another attempt (elsewhere, or later) may succeed: timeouts, 429, 5xx, connection errors.</param>
public sealed record ChatFailed(GatewayError Error, bool Retriable) : ChatOutcome;
