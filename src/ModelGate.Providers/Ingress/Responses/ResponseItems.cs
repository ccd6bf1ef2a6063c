using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>Input items the gateway makes itself.</summary>
internal static class ResponseItems
{
    /// <summary>A string <c>input</c> as the item it stands for: a user message (the spec's EasyInputMessage).</summary>
    public static JsonElement UserMessage(string text) => ResponsesJson.Element(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("role", "user");
        writer.WriteString("content", text);
        writer.WriteEndObject();
    });
}
