using System.Text.Json;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Tool-call arguments (JSON text in OpenAI's format) as an Anthropic <c>input</c> object. Arguments that are
/// empty, not JSON, or JSON but not an object become <c>{}</c>: the client's tool then reports the missing input
/// to the model, which can call again, where failing the whole answer would lose it.
/// </summary>
internal static class ToolInput
{
    public static void Write(string? arguments, Utf8JsonWriter json)
    {
        if (!string.IsNullOrWhiteSpace(arguments))
        {
            try
            {
                using var document = JsonDocument.Parse(arguments);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    document.RootElement.WriteTo(json);
                    return;
                }
            }
            catch (JsonException)
            {
            }
        }

        json.WriteStartObject();
        json.WriteEndObject();
    }
}
