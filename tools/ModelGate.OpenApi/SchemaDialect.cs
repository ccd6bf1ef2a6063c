using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGate.OpenApi;

/// <summary>
/// OpenAI's schemas in the dialect OpenAPI 3.1 actually has (JSON Schema 2020-12): its document says 3.1 but keeps
/// OpenAPI 3.0's <c>nullable: true</c> and boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>. Meaning is kept;
/// vendor extensions of OpenAI's own tooling (<c>x-oai…</c>, <c>x-stainless…</c>) are dropped, and so is a
/// <c>discriminator</c> beside no <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>, where OpenAPI gives it no meaning (OpenAI's
/// document has one on an array, beside the <c>items</c> that carry the real one).
/// </summary>
public static class SchemaDialect
{
    public static JsonNode? Convert(JsonNode? node) => node switch
    {
        JsonObject obj => ConvertObject(obj),
        JsonArray array => new JsonArray(array.Select(Convert).ToArray()),
        _ => node?.DeepClone(),
    };

    private static JsonNode ConvertObject(JsonObject source)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in source)
        {
            if (!name.StartsWith("x-oai", StringComparison.Ordinal) && !name.StartsWith("x-stainless", StringComparison.Ordinal))
            {
                obj[name] = Convert(value);
            }
        }

        if (obj.ContainsKey("discriminator") && !obj.ContainsKey("oneOf") && !obj.ContainsKey("anyOf") && !obj.ContainsKey("allOf"))
        {
            obj.Remove("discriminator");
        }

        foreach (var (exclusive, bound) in (ReadOnlySpan<(string, string)>)[("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")])
        {
            if (obj[exclusive] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                obj.Remove(exclusive);
                if (flag.GetValue<bool>() && obj[bound] is { } value)
                {
                    obj.Remove(bound);
                    obj[exclusive] = value.DeepClone();
                }
            }
        }

        if (obj["nullable"] is not JsonValue nullable)
        {
            return obj;
        }

        obj.Remove("nullable");
        if (!nullable.GetValue<bool>())
        {
            return obj;
        }

        switch (obj["type"])
        {
            case JsonValue type:
                obj["type"] = new JsonArray(type.GetValue<string>(), "null");
                if (obj["enum"] is JsonArray values && !values.Any(v => v is null))
                {
                    values.Add(null);
                }

                return obj;
            case JsonArray types:
                if (!types.Any(t => t?.GetValue<string>() == "null"))
                {
                    types.Add("null");
                }

                return obj;
            default:
                // No type of its own (a $ref, oneOf, anyOf): null is one more alternative; the annotations stay outside.
                var wrapper = new JsonObject();
                foreach (var annotation in (ReadOnlySpan<string>)["title", "description", "default", "example", "deprecated"])
                {
                    if (obj[annotation] is { } value)
                    {
                        obj.Remove(annotation);
                        wrapper[annotation] = value;
                    }
                }

                wrapper["anyOf"] = new JsonArray(obj, new JsonObject { ["type"] = "null" });
                return wrapper;
        }
    }
}
