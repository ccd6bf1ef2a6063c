using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>Input items the gateway makes itself.</summary>
internal static class ResponseItems
{
    /// <summary>A string <c>input</c> as the item it stands for: a user message with one <c>input_text</c> part.</summary>
    public static JsonElement UserMessage(string text) => ResponsesJson.Element(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("role", "user");
        writer.WriteStartArray("content");
        writer.WriteStartObject();
        writer.WriteString("type", "input_text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}
