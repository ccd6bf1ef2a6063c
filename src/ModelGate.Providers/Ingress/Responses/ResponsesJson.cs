using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>How this folder writes JSON: compact, and text reaches clients as written (no HTML escaping).</summary>
internal static class ResponsesJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static JsonElement Element(Action<Utf8JsonWriter> write)
    {
        using var document = JsonDocument.Parse(Write(write));
        return document.RootElement.Clone();
    }
}
