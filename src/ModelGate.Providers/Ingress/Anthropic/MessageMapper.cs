using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Writes Anthropic <c>system</c> and <c>messages</c> as OpenAI chat messages. A user turn's <c>tool_result</c>
/// blocks become <c>role: tool</c> messages, in the order they appear among the turn's other blocks. An
/// assistant turn's <c>tool_use</c> blocks become <c>tool_calls</c>, and its thinking blocks are kept verbatim in
/// <c>thinking_blocks</c>, which the Anthropic provider sends back unchanged.
/// </summary>
internal static class MessageMapper
{
    private static readonly HashSet<string> MessageFields = ["role", "content"];
    private static readonly HashSet<string> ToolResultFields = ["type", "tool_use_id", "content", "is_error", "cache_control"];

    /// <summary>A string, or text blocks (each keeps its <c>cache_control</c>); empty writes nothing.</summary>
    public static GatewayError? WriteSystem(JsonElement system, Utf8JsonWriter json)
    {
        if (system.ValueKind == JsonValueKind.String)
        {
            if (system.GetString() is { Length: > 0 } text)
            {
                json.WriteStartObject();
                json.WriteString("role", "system");
                json.WriteString("content", text);
                json.WriteEndObject();
            }

            return null;
        }

        if (system.ValueKind != JsonValueKind.Array)
        {
            return GatewayErrors.InvalidType("system", "a string or an array of text blocks");
        }

        if (system.GetArrayLength() == 0)
        {
            return null;
        }

        json.WriteStartObject();
        json.WriteString("role", "system");
        json.WriteStartArray("content");
        var i = 0;
        foreach (var block in system.EnumerateArray())
        {
            var path = $"system[{i++}]";
            if (BlockType(block, path, out var type) is { } error)
            {
                return error;
            }

            if (type != "text")
            {
                return MessagesErrors.Unsupported($"{path}.type", "the system prompt takes text blocks only.");
            }

            if (ContentParts.WriteText(block, path, json) is { } textError)
            {
                return textError;
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return null;
    }

    public static GatewayError? WriteMessage(JsonElement message, string path, Utf8JsonWriter json)
    {
        if ((RequestFields.Object(message, path) ?? RequestFields.OnlyKnown(message, path, MessageFields)) is { } error)
        {
            return error;
        }

        if (RequestFields.RequiredString(message, "role", path, out var role) is { } roleError)
        {
            return roleError;
        }

        if (!message.TryGetProperty("content", out var content) || RequestFields.IsAbsent(content))
        {
            return GatewayErrors.MissingParameter($"{path}.content");
        }

        if (content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return GatewayErrors.InvalidType($"{path}.content", "a string or an array of content blocks");
        }

        return role switch
        {
            "user" => WriteUser(content, path, json),
            "assistant" => AssistantTurn.Write(content, path, json),
            _ => GatewayErrors.InvalidValue($"{path}.role", $"'{role}' is not one of user, assistant."),
        };
    }

    /// <summary>Runs of text, image and document blocks become user messages; each tool_result a tool message.</summary>
    private static GatewayError? WriteUser(JsonElement content, string path, Utf8JsonWriter json)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", content.GetString());
            json.WriteEndObject();
            return null;
        }

        var inUserMessage = false;
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockPath = $"{path}.content[{i++}]";
            if (BlockType(block, blockPath, out var type) is { } error)
            {
                return error;
            }

            if (type == "tool_result")
            {
                if (inUserMessage)
                {
                    EndMessage(json);
                    inUserMessage = false;
                }

                if (WriteToolResult(block, blockPath, json) is { } resultError)
                {
                    return resultError;
                }

                continue;
            }

            if (!ContentParts.IsPart(type))
            {
                return MessagesErrors.Unsupported($"{blockPath}.type", $"'{type}' blocks cannot be sent in user messages through the gateway.");
            }

            if (!inUserMessage)
            {
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteStartArray("content");
                inUserMessage = true;
            }

            if (ContentParts.Write(block, type, blockPath, json) is { } partError)
            {
                return partError;
            }
        }

        if (inUserMessage)
        {
            EndMessage(json);
        }

        return null;
    }

    private static void EndMessage(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// A tool message; <c>is_error: true</c> and <c>cache_control</c> are kept as fields of the message (gateway
    /// extensions the Anthropic provider puts back on the tool_result block).
    /// </summary>
    private static GatewayError? WriteToolResult(JsonElement block, string path, Utf8JsonWriter json)
    {
        if (RequestFields.OnlyKnown(block, path, ToolResultFields) is { } unknown)
        {
            return unknown;
        }

        if (RequestFields.RequiredString(block, "tool_use_id", path, out var toolUseId) is { } idError)
        {
            return idError;
        }

        var isError = false;
        if (block.TryGetProperty("is_error", out var flag) && !RequestFields.IsAbsent(flag)
            && RequestFields.Boolean(flag, $"{path}.is_error", out isError) is { } flagError)
        {
            return flagError;
        }

        json.WriteStartObject();
        json.WriteString("role", "tool");
        json.WriteString("tool_call_id", toolUseId);
        if (WriteToolResultContent(block, path, json) is { } contentError)
        {
            return contentError;
        }

        if (isError)
        {
            json.WriteBoolean("is_error", true);
        }

        var cacheError = RequestFields.CopyCacheControl(block, path, json);
        json.WriteEndObject();
        return cacheError;
    }

    private static GatewayError? WriteToolResultContent(JsonElement block, string path, Utf8JsonWriter json)
    {
        if (!block.TryGetProperty("content", out var content) || RequestFields.IsAbsent(content))
        {
            json.WriteString("content", "");
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            json.WriteString("content", content.GetString());
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return GatewayErrors.InvalidType($"{path}.content", "a string or an array of content blocks");
        }

        json.WriteStartArray("content");
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{i++}]";
            if (BlockType(part, partPath, out var type) is { } error)
            {
                return error;
            }

            if (!ContentParts.IsPart(type))
            {
                return MessagesErrors.Unsupported($"{partPath}.type", $"'{type}' blocks cannot be sent in a tool result through the gateway.");
            }

            if (ContentParts.Write(part, type, partPath, json) is { } partError)
            {
                return partError;
            }
        }

        json.WriteEndArray();
        return null;
    }

    /// <summary>Checks that a block is an object with a string <c>type</c>.</summary>
    public static GatewayError? BlockType(JsonElement block, string path, out string type)
    {
        type = "";
        return RequestFields.Object(block, path) ?? RequestFields.RequiredString(block, "type", path, out type);
    }
}
