using System.Buffers;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Writes Responses stream events as SSE (<c>event: TYPE</c>, <c>data: JSON</c>, blank line), numbering them with
/// <c>sequence_number</c> from 0.
/// </summary>
internal sealed class ResponsesSseWriter
{
    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    private int sequenceNumber;

    /// <param name="writeFields">Writes the event's fields after <c>type</c> and <c>sequence_number</c>.</param>
    public void Write(IBufferWriter<byte> output, string type, Action<Utf8JsonWriter> writeFields)
    {
        output.Write(EventPrefix);
        output.Write(System.Text.Encoding.UTF8.GetBytes(type));
        output.Write(DataPrefix);
        using (var writer = new Utf8JsonWriter(output, ResponsesJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", sequenceNumber++);
            writeFields(writer);
            writer.WriteEndObject();
        }

        output.Write(EventEnd);
    }
}
