using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ModelGate.Server.Tests.Conformance.Bedrock;

/// <summary>
/// Writes <c>application/vnd.amazon.eventstream</c> messages as AWS documents them ("Event stream encoding"):
/// prelude (total length, headers length, CRC-32 of both), string headers, JSON payload, CRC-32 of all before it.
/// </summary>
internal static class EventStreamFrames
{
    public static byte[] Event(string eventType, string payloadJson) =>
        Frame([(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")], payloadJson);

    public static async Task WriteAsync(HttpContext context, IEnumerable<byte[]> frames)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        foreach (var frame in frames)
        {
            await context.Response.Body.WriteAsync(frame, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static byte[] Frame((string Name, string Value)[] headers, string payloadJson)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)name.Length);
            headerBytes.AddRange(Encoding.ASCII.GetBytes(name));
            headerBytes.Add(7);
            headerBytes.Add((byte)(valueBytes.Length >> 8));
            headerBytes.Add((byte)valueBytes.Length);
            headerBytes.AddRange(valueBytes);
        }

        var payload = Encoding.UTF8.GetBytes(payloadJson);
        var total = 16 + headerBytes.Count + payload.Length;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        headerBytes.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
