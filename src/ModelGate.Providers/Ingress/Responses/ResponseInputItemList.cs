using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// The page <c>GET /v1/responses/{id}/input_items</c> answers (the spec's <c>ResponseItemList</c>): a stored response's
/// input items as list resources. Every item gets an <c>id</c> (the client's, or one derived from the response id and
/// the item's position, so pages are stable), a message whose content is a string gets it as one text part, and
/// messages and function call items without a <c>status</c> are listed as <c>completed</c>.
/// </summary>
public static class ResponseInputItemList
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <param name="after">The id of the item the page starts after; an id that is not in the list gives an empty page.</param>
    /// <param name="ascending">Oldest first; OpenAI's default is newest first.</param>
    public static byte[] Page(IReadOnlyList<JsonElement> items, string responseId, string? after, int limit, bool ascending)
    {
        var ids = new ResponseIds(responseId);
        var listed = items.Select((item, index) => (Id: IdOf(item, ids, index), Item: item)).ToList();
        if (!ascending)
        {
            listed.Reverse();
        }

        var start = after is null ? 0 : listed.FindIndex(entry => entry.Id == after) is var found and >= 0 ? found + 1 : listed.Count;
        var page = listed.Skip(start).Take(limit).ToList();
        return ResponsesJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var (id, item) in page)
            {
                WriteItem(writer, id, item);
            }

            writer.WriteEndArray();
            writer.WriteString("first_id", page.Count > 0 ? page[0].Id : null);
            writer.WriteString("last_id", page.Count > 0 ? page[^1].Id : null);
            writer.WriteBoolean("has_more", start + page.Count < listed.Count);
            writer.WriteEndObject();
        });
    }

    private static string IdOf(JsonElement item, ResponseIds ids, int index) =>
        item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } given
            ? given
            : ids.InputItem(item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null, index);

    private static void WriteItem(Utf8JsonWriter writer, string id, JsonElement item)
    {
        var isMessage = !item.TryGetProperty("type", out var type) || type.ValueEquals("message");
        writer.WriteStartObject();
        writer.WriteString("id", id);
        if (isMessage && !item.TryGetProperty("type", out _))
        {
            writer.WriteString("type", "message");
        }

        // The list's resources carry a status that input items may leave out.
        if (!item.TryGetProperty("status", out _) && (isMessage || type.ValueEquals("function_call") || type.ValueEquals("function_call_output")))
        {
            writer.WriteString("status", "completed");
        }

        foreach (var property in item.EnumerateObject())
        {
            if (property.NameEquals("id"))
            {
                continue;
            }

            if (isMessage && property.NameEquals("content") && property.Value.ValueKind == JsonValueKind.String)
            {
                var assistant = item.TryGetProperty("role", out var role) && role.ValueEquals("assistant");
                writer.WriteStartArray("content");
                writer.WriteStartObject();
                writer.WriteString("type", assistant ? "output_text" : "input_text");
                writer.WriteString("text", property.Value.GetString());
                if (assistant)
                {
                    writer.WriteStartArray("annotations");
                    writer.WriteEndArray();
                    writer.WriteStartArray("logprobs");
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndArray();
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
