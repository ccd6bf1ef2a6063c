using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>The JSON settings every Messages translator shares.</summary>
internal static class MessagesJson
{
    /// <summary>Compact, and no HTML escaping, so text reaches the other side as it was written.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <summary>A field that appears twice could mean two things to two readers, so it is refused.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 128 };

    /// <summary>Writes a JSON value compactly into a string (tool arguments are JSON text in OpenAI's format).</summary>
    public static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            value.WriteTo(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
