using System.Buffers;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Writes server-sent events as the Messages API sends them, <c>event: &lt;type&gt;\ndata: &lt;json&gt;\n\n</c>,
/// straight into the response's buffer (a <c>PipeWriter</c> is an <see cref="IBufferWriter{T}"/>), reusing one JSON writer.
/// </summary>
internal sealed class SseEventWriter
{
    private Utf8JsonWriter? json;
    private IBufferWriter<byte>? output;

    /// <summary>Writes the event line and opens the data object with its <c>type</c>; finish with <see cref="End"/>.</summary>
    public Utf8JsonWriter Begin(IBufferWriter<byte> target, string type)
    {
        output = target;
        target.Write("event: "u8);
        var name = target.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(type.Length));
        target.Advance(System.Text.Encoding.UTF8.GetBytes(type, name));
        target.Write("\ndata: "u8);
        if (json is null)
        {
            json = new Utf8JsonWriter(target, MessagesJson.WriterOptions);
        }
        else
        {
            json.Reset(target);
        }

        json.WriteStartObject();
        json.WriteString("type", type);
        return json;
    }

    /// <summary>Closes the data object and the event.</summary>
    public void End()
    {
        json!.WriteEndObject();
        json.Flush();
        output!.Write("\n\n"u8);
    }
}
