using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ModelGate.Core.Streaming;

namespace ModelGate.Core.Tests.Streaming;

/// <summary>An event copied out of the reader, whose own memory lives only until its next read.</summary>
internal readonly record struct Received(string EventType, string Data)
{
    public static Received Message(string data) => new("", data);
}

/// <summary>Feeds bytes to an <see cref="SseReader"/> through a real pipe, whole or in pieces.</summary>
internal static class SseFeed
{
    /// <summary>
    /// A pipe that runs the reader's continuation inside the writer's flush, so by the time a write returns the
    /// reader has seen exactly the bytes written so far: each piece arrives as its own read.
    /// </summary>
    public static Pipe LockstepPipe() =>
        new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));

    /// <summary>Writes all of <paramref name="text"/> at once, completes the pipe, and reads every event.</summary>
    public static Task<List<Received>> ReadAllAsync(string text, int maxEventBytes = SseReader.DefaultMaxEventBytes) =>
        ReadAllAsync([Encoding.UTF8.GetBytes(text)], maxEventBytes);

    /// <summary>Writes each piece as its own read, completes the pipe, and reads every event.</summary>
    public static async Task<List<Received>> ReadAllAsync(IEnumerable<byte[]> pieces, int maxEventBytes = SseReader.DefaultMaxEventBytes)
    {
        var pipe = LockstepPipe();
        var collecting = CollectAsync(new SseReader(pipe.Reader, maxEventBytes));
        foreach (var piece in pieces)
        {
            await pipe.Writer.WriteAsync(piece);
        }

        await pipe.Writer.CompleteAsync();
        return await collecting;
    }

    public static Task<List<Received>> ReadAllInPiecesAsync(params string[] pieces) =>
        ReadAllAsync(pieces.Select(Encoding.UTF8.GetBytes));

    public static IEnumerable<byte[]> ByteByByte(string text) =>
        Encoding.UTF8.GetBytes(text).Select(b => new[] { b });

    public static async Task<List<Received>> CollectAsync(SseReader reader)
    {
        var events = new List<Received>();
        while (await reader.ReadAsync().ConfigureAwait(false) is { } next)
        {
            events.Add(Copy(next));
        }

        return events;
    }

    public static Received Copy(SseEvent sse) =>
        new(Encoding.UTF8.GetString(sse.EventType.Span), Encoding.UTF8.GetString(sse.Data.Span));

    /// <summary>A sequence made of the given segments, empty ones included, read through a pipe reader.</summary>
    public static PipeReader Segmented(params string[] segments)
    {
        var first = new Segment(Encoding.UTF8.GetBytes(segments[0]), 0);
        var last = first;
        foreach (var text in segments.Skip(1))
        {
            last = last.Append(Encoding.UTF8.GetBytes(text));
        }

        return PipeReader.Create(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
