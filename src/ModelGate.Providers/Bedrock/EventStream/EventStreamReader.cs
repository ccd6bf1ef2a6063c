using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace ModelGate.Providers.Bedrock.EventStream;

/// <summary>
/// Reads AWS event-stream messages ("Event stream encoding", Amazon Transcribe / Lex developer guides): a prelude of
/// total length, headers length and prelude CRC-32 (each a big-endian u32), the headers, the payload, and a CRC-32 of
/// everything before it. A bad checksum, an impossible length or a stream cut inside a message is
/// <see cref="InvalidDataException"/>, which <see cref="Http.UpstreamBody"/> reports as a broken stream.
/// </summary>
public sealed class EventStreamReader(PipeReader reader)
{
    private const int PreludeLength = 12;
    private const int MinMessageLength = 16;

    /// <summary>The spec's limits: 16 MB per message, 128 KB of headers.</summary>
    private const int MaxMessageLength = 16 * 1024 * 1024;
    private const int MaxHeadersLength = 128 * 1024;

    /// <summary>The next message; null when the stream ended cleanly between two messages.</summary>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryRead(ref buffer, out var message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                return leftover == 0 ? null : throw new InvalidDataException($"the event stream ended inside a message ({leftover} bytes left over)");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Decodes one whole message from the start of <paramref name="buffer"/>, if it holds one.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out EventStreamMessage? message)
    {
        message = null;
        if (buffer.Length < PreludeLength)
        {
            return false;
        }

        Span<byte> prelude = stackalloc byte[PreludeLength];
        buffer.Slice(0, PreludeLength).CopyTo(prelude);
        var totalLength = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
        if (Crc32.Compute(prelude[..8]) != BinaryPrimitives.ReadUInt32BigEndian(prelude[8..]))
        {
            throw new InvalidDataException("an event stream message has a bad prelude checksum");
        }

        if (totalLength is < MinMessageLength or > MaxMessageLength || headersLength > MaxHeadersLength || headersLength > totalLength - MinMessageLength)
        {
            throw new InvalidDataException($"an event stream message has impossible lengths (total {totalLength}, headers {headersLength})");
        }

        if (buffer.Length < totalLength)
        {
            return false;
        }

        var frame = buffer.Slice(0, totalLength).ToArray();
        var expected = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(frame.Length - 4));
        if (Crc32.Compute(frame.AsSpan(0, frame.Length - 4)) != expected)
        {
            throw new InvalidDataException("an event stream message has a bad message checksum");
        }

        var headers = ReadHeaders(frame.AsSpan(PreludeLength, (int)headersLength));
        var payload = frame.AsSpan(PreludeLength + (int)headersLength, frame.Length - PreludeLength - (int)headersLength - 4).ToArray();
        message = new EventStreamMessage(headers, payload);
        buffer = buffer.Slice(totalLength);
        return true;
    }

    /// <summary>The string-valued headers; values of the other types are skipped by their encoded size.</summary>
    private static Dictionary<string, string> ReadHeaders(ReadOnlySpan<byte> span)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!span.IsEmpty)
        {
            var nameLength = span[0];
            Need(span, 1 + nameLength + 1);
            var name = Encoding.UTF8.GetString(span.Slice(1, nameLength));
            var type = span[1 + nameLength];
            span = span[(2 + nameLength)..];
            var valueLength = type switch
            {
                0 or 1 => 0,             // bool true / false: no value bytes
                2 => 1,                  // byte
                3 => 2,                  // short
                4 => 4,                  // int
                5 or 8 => 8,             // long, timestamp
                9 => 16,                 // uuid
                6 or 7 => 2 + LengthPrefix(span), // byte array, string: u16 length then the bytes
                _ => throw new InvalidDataException($"an event stream header has unknown value type {type}"),
            };
            Need(span, valueLength);
            if (type == 7)
            {
                headers[name] = Encoding.UTF8.GetString(span[2..valueLength]);
            }

            span = span[valueLength..];
        }

        return headers;
    }

    private static int LengthPrefix(ReadOnlySpan<byte> span)
    {
        Need(span, 2);
        return BinaryPrimitives.ReadUInt16BigEndian(span);
    }

    private static void Need(ReadOnlySpan<byte> span, int length)
    {
        if (span.Length < length)
        {
            throw new InvalidDataException("an event stream message has a truncated header");
        }
    }
}
