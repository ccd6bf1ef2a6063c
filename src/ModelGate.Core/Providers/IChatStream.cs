using ModelGate.Core.Errors;
using ModelGate.Core.Usage;

namespace ModelGate.Core.Providers;

/// <summary>An open chat stream, read one OpenAI <c>chat.completion.chunk</c> at a time.</summary>
public interface IChatStream : IAsyncDisposable
{
    /// <summary>The next event; <see cref="StreamEventKind.Done"/> or <see cref="StreamEventKind.Failed"/> end the stream.</summary>
    ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken);
}

public enum StreamEventKind
{
    Chunk,
    Done,
    Failed,
}

/// <param name="Data">The chunk's JSON; valid until the next read.</param>
/// <param name="Usage">Usage carried by this chunk, if any.</param>
/// <param name="IsUsageOnly">The usage chunk that only clients asking for <c>include_usage</c> should see.</param>
public readonly record struct StreamEvent(
    StreamEventKind Kind,
    ReadOnlyMemory<byte> Data = default,
    TokenUsage? Usage = null,
    bool IsUsageOnly = false,
    GatewayError? Error = null)
{
    public static readonly StreamEvent Done = new(StreamEventKind.Done);

    public static StreamEvent Chunk(ReadOnlyMemory<byte> data, TokenUsage? usage, bool isUsageOnly) =>
        new(StreamEventKind.Chunk, data, usage, isUsageOnly);

    public static StreamEvent Failed(GatewayError error) => new(StreamEventKind.Failed, Error: error);
}
