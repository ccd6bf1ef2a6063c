using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Bedrock.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>
/// OpenAI messages as Converse <c>system</c> blocks and <c>messages</c>: system and developer messages go to
/// <c>system</c>, tool results become <c>toolResult</c> blocks of a user message, and neighbouring messages of the
/// same role are merged, since Converse wants user and assistant turns to alternate.
/// </summary>
internal static class ConverseMessages
{
    private static readonly Dictionary<string, string> ImageFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = "png", ["image/jpeg"] = "jpeg", ["image/jpg"] = "jpeg", ["image/gif"] = "gif", ["image/webp"] = "webp",
    };

    public static GatewayError? Translate(ProviderSettings settings, List<OpenAiMessage> messages, ConverseRequest converse)
    {
        var system = new List<ConverseContentBlock>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var blocks = new List<ConverseContentBlock>();
            var error = message.Role switch
            {
                "system" or "developer" => AddParts(settings, message, i, system),
                "user" => AddParts(settings, message, i, blocks),
                "assistant" => AddAssistant(message, i, blocks),
                "tool" => AddToolResult(message, i, blocks),
                _ => GatewayErrors.InvalidValue($"messages[{i}].role", $"'{message.Role}' is not a chat role."),
            };
            if (error is not null)
            {
                return error;
            }

            if (blocks.Count > 0)
            {
                Append(converse.Messages, message.Role == "assistant" ? "assistant" : "user", blocks);
            }
        }

        converse.System = system.Count > 0 ? system : null;
        return null;
    }

    /// <summary>True when the conversation holds tool calls or results, which Converse accepts only with a toolConfig.</summary>
    public static bool UsesTools(ConverseRequest converse) =>
        converse.Messages.Any(m => m.Content.Any(b => b.ToolUse is not null || b.ToolResult is not null));

    private static void Append(List<ConverseMessage> messages, string role, List<ConverseContentBlock> blocks)
    {
        if (messages.Count > 0 && messages[^1].Role == role)
        {
            messages[^1].Content.AddRange(blocks);
        }
        else
        {
            messages.Add(new ConverseMessage { Role = role, Content = blocks });
        }
    }

    private static GatewayError? AddParts(ProviderSettings settings, OpenAiMessage message, int index, List<ConverseContentBlock> blocks)
    {
        var parts = message.Parts;
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            switch (part.Type)
            {
                case "text" when !string.IsNullOrEmpty(part.Text):
                    blocks.Add(new ConverseContentBlock { Text = part.Text });
                    break;
                case "text":
                    break;
                case "image_url" when Image(part.ImageUrl?.Url) is { } image:
                    blocks.Add(new ConverseContentBlock { Image = image });
                    break;
                default:
                    var why = part.Type == "image_url"
                        ? "Bedrock takes images only as base64 data URLs of PNG, JPEG, GIF or WebP, not by URL"
                        : $"Bedrock's Converse API has no '{part.Type}' content part";
                    if (UnsupportedParams.Refuse(settings, $"messages[{index}].content[{j}]", why) is { } refusal)
                    {
                        return refusal;
                    }

                    continue;
            }

            // Anthropic-style cache_control marks the end of a cacheable prefix: Converse spells it as a cachePoint block.
            if (part.CacheControl is { ValueKind: JsonValueKind.Object })
            {
                blocks.Add(new ConverseContentBlock { CachePoint = new ConverseCachePoint() });
            }
        }

        return null;
    }

    private static ConverseImage? Image(string? url)
    {
        // data:image/png;base64,....
        if (url is null || !url.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? "" : url[5..comma];
        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0 || header[(semicolon + 1)..] != "base64" || !ImageFormats.TryGetValue(header[..semicolon], out var format))
        {
            return null;
        }

        return new ConverseImage { Format = format, Source = new ConverseImageSource { Bytes = url[(comma + 1)..] } };
    }

    private static GatewayError? AddAssistant(OpenAiMessage message, int index, List<ConverseContentBlock> blocks)
    {
        // Signed thinking goes first, as Anthropic models require when the turn continues with tool results.
        foreach (var thinking in message.ThinkingBlocks ?? [])
        {
            if (thinking.ValueKind == JsonValueKind.Object && thinking.TryGetProperty("thinking", out var text) && text.ValueKind == JsonValueKind.String)
            {
                var signature = thinking.TryGetProperty("signature", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                blocks.Add(new ConverseContentBlock
                {
                    ReasoningContent = new ConverseReasoningContent { ReasoningText = new ConverseReasoningText { Text = text.GetString()!, Signature = signature } },
                });
            }
        }

        if (message.Text is { Length: > 0 } content)
        {
            blocks.Add(new ConverseContentBlock { Text = content });
        }

        var calls = message.ToolCalls ?? [];
        for (var j = 0; j < calls.Count; j++)
        {
            var arguments = calls[j].Function?.Arguments;
            JsonElement input;
            try
            {
                input = string.IsNullOrWhiteSpace(arguments) ? EmptyObject : JsonDocument.Parse(arguments).RootElement.Clone();
            }
            catch (JsonException)
            {
                return GatewayErrors.InvalidValue($"messages[{index}].tool_calls[{j}].function.arguments", "must be a JSON object for Bedrock.");
            }

            blocks.Add(new ConverseContentBlock
            {
                ToolUse = new ConverseToolUse { ToolUseId = calls[j].Id ?? "", Name = calls[j].Function?.Name ?? "", Input = input },
            });
        }

        return null;
    }

    private static GatewayError? AddToolResult(OpenAiMessage message, int index, List<ConverseContentBlock> blocks)
    {
        if (string.IsNullOrEmpty(message.ToolCallId))
        {
            return GatewayErrors.MissingParameter($"messages[{index}].tool_call_id");
        }

        var content = message.Parts.Where(p => p.Type == "text").Select(p => new ConverseContentBlock { Text = p.Text ?? "" }).ToList();
        blocks.Add(new ConverseContentBlock
        {
            ToolResult = new ConverseToolResult { ToolUseId = message.ToolCallId, Content = content.Count > 0 ? content : [new ConverseContentBlock { Text = "" }] },
        });
        return null;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}
