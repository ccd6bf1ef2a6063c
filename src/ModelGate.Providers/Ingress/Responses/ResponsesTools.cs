using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// <c>tools</c>, <c>tool_choice</c> and <c>text.format</c>: checked when reading, written in chat completions shape
/// for the provider, and echoed in Responses shape on the response object.
/// </summary>
internal static class ResponsesTools
{
    public static IReadOnlyList<JsonElement> Read(JsonFields fields)
    {
        var tools = fields.Array("tools");
        if (tools is null)
        {
            return [];
        }

        var list = new List<JsonElement>();
        var i = 0;
        foreach (var tool in tools.Value.EnumerateArray())
        {
            var path = $"tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                fields.Fail(GatewayErrors.InvalidType(path, "an object"));
                continue;
            }

            var toolFields = new JsonFields(tool, path);
            var type = toolFields.RequiredString("type");
            if (type == "function")
            {
                toolFields.RequiredString("name");
                toolFields.String("description");
                toolFields.Object("parameters");
                toolFields.Bool("strict");
            }
            else if (!toolFields.Failed)
            {
                toolFields.Fail(ResponsesErrors.Unsupported($"{path}.type",
                    $"'{type}' is a tool OpenAI runs itself; only 'function' tools can be offered to other providers."));
            }

            if (toolFields.Error is { } error)
            {
                fields.Fail(error);
            }

            list.Add(tool);
        }

        return list;
    }

    public static JsonElement? ReadToolChoice(JsonFields fields)
    {
        var choice = fields.Value("tool_choice");
        switch (choice?.ValueKind)
        {
            case null:
                return null;
            case JsonValueKind.String when choice.Value.GetString() is "none" or "auto" or "required":
                return choice;
            case JsonValueKind.String:
                fields.Fail(GatewayErrors.InvalidValue("tool_choice", "expected 'none', 'auto', 'required' or {\"type\":\"function\",\"name\":...}."));
                return null;
            case JsonValueKind.Object:
                var choiceFields = new JsonFields(choice.Value, "tool_choice");
                var type = choiceFields.RequiredString("type");
                if (type == "function")
                {
                    choiceFields.RequiredString("name");
                }
                else if (!choiceFields.Failed)
                {
                    choiceFields.Fail(ResponsesErrors.Unsupported("tool_choice.type", $"'{type}' cannot be forced; only 'function' tools are offered."));
                }

                if (choiceFields.Error is { } error)
                {
                    fields.Fail(error);
                }

                return choice;
            default:
                fields.Fail(GatewayErrors.InvalidType("tool_choice", "a string or an object"));
                return null;
        }
    }

    /// <summary>Flat Responses function tools → chat's <c>{"type":"function","function":{...}}</c>.</summary>
    public static void WriteChatTools(Utf8JsonWriter writer, IReadOnlyList<JsonElement> tools)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", tool.GetProperty("name").GetString());
            CopyIfPresent(writer, tool, "description");
            CopyIfPresent(writer, tool, "parameters");
            CopyIfPresent(writer, tool, "strict");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteChatToolChoice(Utf8JsonWriter writer, JsonElement choice)
    {
        if (choice.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("tool_choice", choice.GetString());
            return;
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", choice.GetProperty("name").GetString());
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>text.format</c> → <c>response_format</c>; the default <c>text</c> format is left out.</summary>
    public static void WriteResponseFormat(Utf8JsonWriter writer, JsonElement? text)
    {
        if (text is not { } t || !t.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        switch (format.GetProperty("type").GetString())
        {
            case "json_object":
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_object");
                writer.WriteEndObject();
                break;
            case "json_schema":
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_schema");
                writer.WriteStartObject("json_schema");
                CopyIfPresent(writer, format, "name");
                CopyIfPresent(writer, format, "description");
                CopyIfPresent(writer, format, "schema");
                CopyIfPresent(writer, format, "strict");
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>The tools as the response object lists them: the fields <c>FunctionTool</c> requires, always.</summary>
    public static void WriteResponseTools(Utf8JsonWriter writer, IReadOnlyList<JsonElement> tools)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteString("name", tool.GetProperty("name").GetString());
            CopyIfPresent(writer, tool, "description");
            CopyOrNull(writer, tool, "parameters");
            CopyOrNull(writer, tool, "strict");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void CopyIfPresent(Utf8JsonWriter writer, JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }

    public static void CopyOrNull(Utf8JsonWriter writer, JsonElement obj, string name)
    {
        writer.WritePropertyName(name);
        if (obj.TryGetProperty(name, out var value))
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
