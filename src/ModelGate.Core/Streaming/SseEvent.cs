namespace ModelGate.Core.Streaming;

/// <summary>
/// One dispatched server-sent event. The memory belongs to the <see cref="SseReader"/> and is valid only
/// until its next read: copy what must outlive that.
/// </summary>
/// <param name="EventType">The <c>event:</c> field, empty when absent (the spec's "message").</param>
/// <param name="Data">The <c>data:</c> lines joined with LF, without the final LF.</param>
public readonly record struct SseEvent(ReadOnlyMemory<byte> EventType, ReadOnlyMemory<byte> Data);
