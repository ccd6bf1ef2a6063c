using System.Buffers.Text;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Carries a provider's signed thinking blocks (<c>thinking_blocks</c>, e.g. Anthropic's) through a reasoning
/// item's <c>encrypted_content</c>, so a client that sends the item back (or a conversation rebuilt from
/// <c>previous_response_id</c>) returns them to the provider unchanged. Other values there (OpenAI's own
/// encrypted reasoning) are not the gateway's and are ignored.
/// </summary>
internal static class ThinkingBlocksCarrier
{
    private const string Prefix = "modelgate.thinking_blocks.v1:";

    public static string Encode(IReadOnlyList<JsonElement> blocks) =>
        Prefix + Base64Url.EncodeToString(ResponsesJson.Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var block in blocks)
            {
                block.WriteTo(writer);
            }

            writer.WriteEndArray();
        }));

    /// <summary>The blocks, or null when the value is not one the gateway wrote.</summary>
    public static List<JsonElement>? Decode(string? encrypted)
    {
        if (encrypted is null || !encrypted.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(encrypted.AsSpan(Prefix.Length)));
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Select(block => block.Clone()).ToList()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
