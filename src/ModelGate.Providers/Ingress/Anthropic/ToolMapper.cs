using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Writes Anthropic client tools as OpenAI function tools (<c>input_schema</c> → <c>parameters</c>, <c>strict</c> and
/// <c>cache_control</c> kept) and <c>tool_choice</c> as OpenAI's: auto → "auto", any → "required", none → "none",
/// tool → a named function; <c>disable_parallel_tool_use: true</c> → <c>parallel_tool_calls: false</c>.
/// </summary>
internal static class ToolMapper
{
    private static readonly HashSet<string> ToolFields = ["type", "name", "description", "input_schema", "cache_control", "strict"];
    private static readonly HashSet<string> ToolChoiceFields = ["type", "name", "disable_parallel_tool_use"];

    public static GatewayError? WriteTools(JsonElement tools, Utf8JsonWriter json)
    {
        if (RequestFields.Array(tools, "tools") is { } notArray)
        {
            return notArray;
        }

        json.WriteStartArray("tools");
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (WriteTool(tool, $"tools[{i++}]", json) is { } error)
            {
                return error;
            }
        }

        json.WriteEndArray();
        return null;
    }

    /// <summary>Only client tools (no type, or <c>custom</c>); Anthropic's server and built-in tools run on Anthropic's side.</summary>
    private static GatewayError? WriteTool(JsonElement tool, string path, Utf8JsonWriter json)
    {
        if (RequestFields.Object(tool, path) is { } notObject)
        {
            return notObject;
        }

        if (tool.TryGetProperty("type", out var type) && !RequestFields.IsAbsent(type) && !type.ValueEquals("custom"u8))
        {
            return type.ValueKind == JsonValueKind.String
                ? MessagesErrors.Unsupported($"{path}.type", $"'{type.GetString()}' tools run on Anthropic's side and cannot be passed through the gateway; only client tools (custom) can.")
                : GatewayErrors.InvalidType($"{path}.type", "a string");
        }

        if (RequestFields.OnlyKnown(tool, path, ToolFields) is { } unknown)
        {
            return unknown;
        }

        if (RequestFields.RequiredString(tool, "name", path, out var name) is { } nameError)
        {
            return nameError;
        }

        if (!tool.TryGetProperty("input_schema", out var schema) || RequestFields.IsAbsent(schema))
        {
            return GatewayErrors.MissingParameter($"{path}.input_schema");
        }

        if (RequestFields.Object(schema, $"{path}.input_schema") is { } schemaError)
        {
            return schemaError;
        }

        json.WriteStartObject();
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        json.WriteString("name", name);
        if (tool.TryGetProperty("description", out var description) && !RequestFields.IsAbsent(description))
        {
            if (RequestFields.String(description, $"{path}.description", out var text) is { } descriptionError)
            {
                return descriptionError;
            }

            json.WriteString("description", text);
        }

        json.WritePropertyName("parameters");
        schema.WriteTo(json);
        if (tool.TryGetProperty("strict", out var strict) && !RequestFields.IsAbsent(strict))
        {
            if (RequestFields.Boolean(strict, $"{path}.strict", out var isStrict) is { } strictError)
            {
                return strictError;
            }

            json.WriteBoolean("strict", isStrict);
        }

        json.WriteEndObject();
        var cacheError = RequestFields.CopyCacheControl(tool, path, json);
        json.WriteEndObject();
        return cacheError;
    }

    public static GatewayError? WriteToolChoice(JsonElement choice, Utf8JsonWriter json, out bool disableParallelToolUse)
    {
        disableParallelToolUse = false;
        if (RequestFields.Object(choice, "tool_choice") is { } notObject)
        {
            return notObject;
        }

        if (RequestFields.OnlyKnown(choice, "tool_choice", ToolChoiceFields) is { } unknown)
        {
            return unknown;
        }

        if (RequestFields.RequiredString(choice, "type", "tool_choice", out var type) is { } typeError)
        {
            return typeError;
        }

        if (choice.TryGetProperty("disable_parallel_tool_use", out var flag) && !RequestFields.IsAbsent(flag)
            && RequestFields.Boolean(flag, "tool_choice.disable_parallel_tool_use", out disableParallelToolUse) is { } flagError)
        {
            return flagError;
        }

        switch (type)
        {
            case "auto":
                json.WriteString("tool_choice", "auto");
                return null;
            case "any":
                json.WriteString("tool_choice", "required");
                return null;
            case "none":
                json.WriteString("tool_choice", "none");
                return null;
            case "tool":
                if (RequestFields.RequiredString(choice, "name", "tool_choice", out var name) is { } nameError)
                {
                    return nameError;
                }

                json.WriteStartObject("tool_choice");
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", name);
                json.WriteEndObject();
                json.WriteEndObject();
                return null;
            default:
                return GatewayErrors.InvalidValue("tool_choice.type", $"'{type}' is not one of auto, any, tool, none.");
        }
    }
}
