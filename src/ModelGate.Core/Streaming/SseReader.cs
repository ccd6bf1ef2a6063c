using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace ModelGate.Core.Streaming;

/// <summary>
/// Parses a text/event-stream (WHATWG HTML "server-sent events") from a <see cref="PipeReader"/> without
/// allocating per line: lines end in CRLF, LF or CR; <c>data</c> lines are joined with LF; comments and the
/// <c>id</c>/<c>retry</c> fields are ignored; an event is dispatched at a blank line.
/// </summary>
public sealed class SseReader(PipeReader reader, int maxEventBytes = SseReader.DefaultMaxEventBytes)
{
    public const int DefaultMaxEventBytes = 8 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> data = new(1024);
    private readonly ArrayBufferWriter<byte> eventType = new(32);
    private bool hasData;
    private bool finished;

    /// <summary>Returns the next event, or null when the stream has ended.</summary>
    /// <exception cref="SseFormatException">An event grew past the size limit.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one read per event: pool the state machine
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (finished)
        {
            return null;
        }

        data.ResetWrittenCount();
        eventType.ResetWrittenCount();
        hasData = false;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var dispatched = TryReadEvent(ref buffer, result.IsCompleted);
            // After a dispatch the rest is unexamined: another event may already be complete in it.
            reader.AdvanceTo(buffer.Start, dispatched ? buffer.Start : buffer.End);
            if (dispatched)
            {
                return Current();
            }

            if (result.IsCompleted)
            {
                finished = true;
                // A last event whose blank line never came still counts when all its lines ended;
                // a partial line left over means the stream was cut, and the event is dropped.
                return hasData && buffer.IsEmpty ? Current() : null;
            }

            if (buffer.Length > maxEventBytes || data.WrittenCount > maxEventBytes)
            {
                throw new SseFormatException($"an event exceeded {maxEventBytes} bytes");
            }
        }
    }

    private SseEvent Current()
    {
        var written = data.WrittenMemory;
        return new SseEvent(eventType.WrittenMemory, written.Length > 0 ? written[..^1] : written);
    }

    /// <summary>Consumes whole lines from <paramref name="buffer"/>; true when a blank line ended an event.</summary>
    private bool TryReadEvent(ref ReadOnlySequence<byte> buffer, bool isCompleted)
    {
        var sequence = new SequenceReader<byte>(buffer);
        try
        {
            while (TryReadLine(ref sequence, isCompleted, out var line))
            {
                if (line.IsEmpty)
                {
                    if (hasData)
                    {
                        return true;
                    }

                    eventType.ResetWrittenCount();
                    continue;
                }

                ProcessLine(line);
            }

            return false;
        }
        finally
        {
            buffer = buffer.Slice(sequence.Position);
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> sequence, bool isCompleted, out ReadOnlySequence<byte> line)
    {
        var start = sequence;
        if (!sequence.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
        {
            sequence = start;
            return false;
        }

        sequence.TryRead(out var delimiter);
        if (delimiter == (byte)'\r')
        {
            if (sequence.TryPeek(out var next))
            {
                if (next == (byte)'\n')
                {
                    sequence.Advance(1);
                }
            }
            else if (!isCompleted)
            {
                // A CR at the end of what has arrived may be half of a CRLF: wait for the next byte.
                sequence = start;
                return false;
            }
        }

        return true;
    }

    private void ProcessLine(ReadOnlySequence<byte> line)
    {
        if (line.FirstSpan[0] == (byte)':')
        {
            return;
        }

        ReadOnlySequence<byte> name;
        ReadOnlySequence<byte> value;
        if (line.PositionOf((byte)':') is { } colon)
        {
            name = line.Slice(0, colon);
            value = line.Slice(line.GetPosition(1, colon));
            if (!value.IsEmpty && value.FirstSpan[0] == (byte)' ')
            {
                value = value.Slice(1);
            }
        }
        else
        {
            name = line;
            value = ReadOnlySequence<byte>.Empty;
        }

        if (Is(name, "data"u8))
        {
            Append(data, value);
            data.Write("\n"u8);
            hasData = true;
        }
        else if (Is(name, "event"u8))
        {
            eventType.ResetWrittenCount();
            Append(eventType, value);
        }
    }

    private static bool Is(ReadOnlySequence<byte> name, ReadOnlySpan<byte> expected) =>
        name.IsSingleSegment ? name.FirstSpan.SequenceEqual(expected) : name.ToArray().AsSpan().SequenceEqual(expected);

    private static void Append(ArrayBufferWriter<byte> target, ReadOnlySequence<byte> value)
    {
        foreach (var segment in value)
        {
            target.Write(segment.Span);
        }
    }
}

public sealed class SseFormatException(string message) : Exception(message);
