using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// The conversation kept for <c>previous_response_id</c>: every earlier turn's input items followed by its output
/// items, oldest first, in the form <see cref="ResponsesToChat.Build"/> takes as history. Instructions are not
/// part of it: as in OpenAI's API, a new response's <c>instructions</c> replace the earlier ones.
/// </summary>
public static class ResponsesHistory
{
    /// <summary>The history to store with a finished response.</summary>
    /// <param name="prior">The history the request continued (empty without <c>previous_response_id</c>).</param>
    /// <param name="response">The response object (<see cref="ChatToResponses.Response"/>, <see cref="ResponsesStreamWriter.Response"/>).</param>
    public static List<JsonElement> Append(IReadOnlyList<JsonElement> prior, ResponsesRequest request, ReadOnlySpan<byte> response)
    {
        var items = new List<JsonElement>(prior);
        items.AddRange(request.Input);
        if (Parse(response) is { ValueKind: JsonValueKind.Object } parsed
            && parsed.TryGetProperty("output", out var output)
            && output.ValueKind == JsonValueKind.Array)
        {
            items.AddRange(output.EnumerateArray());
        }

        return items;
    }

    /// <summary>The items as one JSON array, for storage.</summary>
    public static byte[] Serialize(IReadOnlyList<JsonElement> items) => ResponsesJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            item.WriteTo(writer);
        }

        writer.WriteEndArray();
    });

    /// <summary>Items stored by <see cref="Serialize"/>; an empty list when the bytes are not a JSON array.</summary>
    public static List<JsonElement> Deserialize(ReadOnlySpan<byte> stored) =>
        Parse(stored) is { ValueKind: JsonValueKind.Array } parsed ? parsed.EnumerateArray().ToList() : [];

    private static JsonElement? Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            return JsonElement.TryParseValue(ref reader, out var parsed) ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
