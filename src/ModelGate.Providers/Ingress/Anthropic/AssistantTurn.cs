using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Writes an assistant turn as one OpenAI assistant message: text blocks as <c>content</c> (a string for one
/// uncached block, text parts otherwise), <c>tool_use</c> blocks as <c>tool_calls</c> (input serialised into
/// <c>arguments</c>), <c>thinking</c> and <c>redacted_thinking</c> blocks verbatim in <c>thinking_blocks</c>.
/// </summary>
internal static class AssistantTurn
{
    private static readonly HashSet<string> ToolUseFields = ["type", "id", "name", "input", "cache_control"];

    public static GatewayError? Write(JsonElement content, string path, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("role", "assistant");
        if (content.ValueKind == JsonValueKind.String)
        {
            json.WriteString("content", content.GetString());
            json.WriteEndObject();
            return null;
        }

        List<(JsonElement Block, string Path)> texts = [], toolUses = [], thinking = [];
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockPath = $"{path}.content[{i++}]";
            if (MessageMapper.BlockType(block, blockPath, out var type) is { } error)
            {
                return error;
            }

            var kind = type switch
            {
                "text" => texts,
                "tool_use" => toolUses,
                "thinking" or "redacted_thinking" => thinking,
                _ => null,
            };
            if (kind is null)
            {
                return MessagesErrors.Unsupported($"{blockPath}.type", $"'{type}' blocks cannot be sent in assistant messages through the gateway.");
            }

            kind.Add((block, blockPath));
        }

        return WriteContent(texts, toolUses.Count > 0, json)
            ?? WriteToolCalls(toolUses, json)
            ?? WriteThinkingBlocks(thinking, json)
            ?? End(json);
    }

    private static GatewayError? End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        return null;
    }

    /// <summary>OpenAI wants content or tool calls: no text is null beside tool calls and "" otherwise.</summary>
    private static GatewayError? WriteContent(List<(JsonElement Block, string Path)> texts, bool hasToolCalls, Utf8JsonWriter json)
    {
        switch (texts)
        {
            case []:
                if (hasToolCalls)
                {
                    json.WriteNull("content");
                }
                else
                {
                    json.WriteString("content", "");
                }

                return null;
            case [var only] when !only.Block.TryGetProperty("cache_control", out var cache) || RequestFields.IsAbsent(cache):
                if (RequestFields.OnlyKnown(only.Block, only.Path, ContentParts.TextFields) is { } unknown)
                {
                    return unknown;
                }

                if (RequestFields.RequiredString(only.Block, "text", only.Path, out var text) is { } error)
                {
                    return error;
                }

                json.WriteString("content", text);
                return null;
            default:
                json.WriteStartArray("content");
                foreach (var (block, blockPath) in texts)
                {
                    if (ContentParts.WriteText(block, blockPath, json) is { } partError)
                    {
                        return partError;
                    }
                }

                json.WriteEndArray();
                return null;
        }
    }

    /// <summary>A tool_use block's <c>cache_control</c> has no place on an OpenAI tool call and is left out.</summary>
    private static GatewayError? WriteToolCalls(List<(JsonElement Block, string Path)> toolUses, Utf8JsonWriter json)
    {
        if (toolUses.Count == 0)
        {
            return null;
        }

        json.WriteStartArray("tool_calls");
        foreach (var (block, path) in toolUses)
        {
            if (RequestFields.OnlyKnown(block, path, ToolUseFields) is { } unknown)
            {
                return unknown;
            }

            if (RequestFields.RequiredString(block, "id", path, out var id) is { } idError)
            {
                return idError;
            }

            if (RequestFields.RequiredString(block, "name", path, out var name) is { } nameError)
            {
                return nameError;
            }

            if (!block.TryGetProperty("input", out var input) || RequestFields.IsAbsent(input))
            {
                return GatewayErrors.MissingParameter($"{path}.input");
            }

            if (RequestFields.Object(input, $"{path}.input") is { } inputError)
            {
                return inputError;
            }

            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", name);
            json.WriteString("arguments", MessagesJson.Compact(input));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        return null;
    }

    /// <summary>Copied as sent: the signature covers the block, so nothing in it may change.</summary>
    private static GatewayError? WriteThinkingBlocks(List<(JsonElement Block, string Path)> blocks, Utf8JsonWriter json)
    {
        if (blocks.Count == 0)
        {
            return null;
        }

        json.WriteStartArray("thinking_blocks");
        foreach (var (block, path) in blocks)
        {
            var isRedacted = block.GetProperty("type").ValueEquals("redacted_thinking"u8);
            string[] required = isRedacted ? ["data"] : ["thinking", "signature"];
            foreach (var field in required)
            {
                if (RequestFields.RequiredString(block, field, path, out _) is { } error)
                {
                    return error;
                }
            }

            block.WriteTo(json);
        }

        json.WriteEndArray();
        return null;
    }
}
