using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.Mock;

/// <summary>Plays pre-built chunks with a delay between them, then the usage chunk and the end, or a failure.</summary>
internal sealed class MockChatStream(
    IReadOnlyList<byte[]> chunks,
    byte[] usageChunk,
    TokenUsage usage,
    TimeSpan delay,
    (int AfterChunks, GatewayError Error)? failure,
    TimeProvider time) : IChatStream
{
    private int next;

    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        var index = next++;
        if (failure is { } fail && index >= fail.AfterChunks)
        {
            return StreamEvent.Failed(fail.Error);
        }

        if (index > 0 && index < chunks.Count && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }

        if (index < chunks.Count)
        {
            return StreamEvent.Chunk(chunks[index], null, isUsageOnly: false);
        }

        return index == chunks.Count ? StreamEvent.Chunk(usageChunk, usage, isUsageOnly: true) : StreamEvent.Done;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
