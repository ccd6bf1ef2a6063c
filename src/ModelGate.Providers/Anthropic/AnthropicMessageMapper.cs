using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// Maps OpenAI chat messages onto Anthropic's <c>system</c> and alternating <c>messages</c>: system and
/// developer messages become the top-level system prompt, tool results become <c>tool_result</c> blocks of a
/// user message, and consecutive messages of one role are merged, as Anthropic requires. The first refusal
/// (a part Anthropic cannot take, or a malformed value) is kept in <see cref="Error"/>.
/// </summary>
internal sealed class AnthropicMessageMapper(ProviderSettings settings)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly List<AnthropicContentBlock> system = [];

    public List<AnthropicMessage> Messages { get; } = [];

    public GatewayError? Error { get; private set; }

    public void Map(IReadOnlyList<OpenAiMessage> messages)
    {
        for (var i = 0; i < messages.Count && Error is null; i++)
        {
            var message = messages[i];
            var path = $"messages[{i}]";
            switch (message.Role)
            {
                case "system" or "developer":
                    system.AddRange(Texts(message));
                    break;
                case "user":
                    Append("user", UserBlocks(message.Parts, path));
                    break;
                case "assistant":
                    Append("assistant", AssistantBlocks(message, path));
                    break;
                case "tool":
                    Append("user", [ToolResult(message, path)]);
                    break;
                default:
                    Fail(GatewayErrors.InvalidValue($"{path}.role", $"'{message.Role}' is not a role Anthropic can take."));
                    break;
            }
        }
    }

    /// <summary>A plain string for one uncached part; text blocks otherwise, so cache markers and part boundaries survive.</summary>
    public JsonElement? System() => system switch
    {
        [] => null,
        [{ CacheControl: null } only] => JsonSerializer.SerializeToElement(only.Text!, AnthropicWireContext.Default.String),
        _ => JsonSerializer.SerializeToElement(system, AnthropicWireContext.Default.ListAnthropicContentBlock),
    };

    private void Append(string role, List<AnthropicContentBlock> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        if (Messages.Count > 0 && Messages[^1].Role == role)
        {
            Messages[^1].Content.AddRange(blocks);
        }
        else
        {
            Messages.Add(new AnthropicMessage { Role = role, Content = blocks });
        }
    }

    private static IEnumerable<AnthropicContentBlock> Texts(OpenAiMessage message) =>
        message.Parts.Where(part => part.Type == "text" && !string.IsNullOrEmpty(part.Text))
            .Select(part => new AnthropicContentBlock { Type = "text", Text = part.Text, CacheControl = part.CacheControl });

    private List<AnthropicContentBlock> UserBlocks(IReadOnlyList<OpenAiContentPart> parts, string path)
    {
        var blocks = new List<AnthropicContentBlock>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var block = part.Type switch
            {
                "text" when string.IsNullOrEmpty(part.Text) => null,
                "text" => new AnthropicContentBlock { Type = "text", Text = part.Text },
                "image_url" => Image(part.ImageUrl?.Url, $"{path}.content[{i}].image_url.url"),
                "file" => Document(part.File, $"{path}.content[{i}].file"),
                _ => Refuse($"{path}.content[{i}]", $"content parts of type '{part.Type}' have no Anthropic equivalent"),
            };
            if (block is not null)
            {
                block.CacheControl = part.CacheControl;
                blocks.Add(block);
            }
        }

        return blocks;
    }

    /// <summary>Signed thinking blocks first (Anthropic checks them), then text, then tool calls.</summary>
    private List<AnthropicContentBlock> AssistantBlocks(OpenAiMessage message, string path)
    {
        var blocks = new List<AnthropicContentBlock>();
        foreach (var thinking in message.ThinkingBlocks ?? [])
        {
            if (thinking.ValueKind != JsonValueKind.Object)
            {
                Fail(GatewayErrors.InvalidType($"{path}.thinking_blocks", "an array of Anthropic thinking blocks"));
                return blocks;
            }

            blocks.Add(thinking.Deserialize(AnthropicWireContext.Default.AnthropicContentBlock)!);
        }

        blocks.AddRange(Texts(message));
        var calls = message.ToolCalls ?? [];
        for (var i = 0; i < calls.Count; i++)
        {
            var input = ToolInput(calls[i].Function?.Arguments, $"{path}.tool_calls[{i}].function.arguments");
            blocks.Add(new AnthropicContentBlock { Type = "tool_use", Id = calls[i].Id, Name = calls[i].Function?.Name, Input = input });
        }

        return blocks;
    }

    private AnthropicContentBlock ToolResult(OpenAiMessage message, string path)
    {
        if (string.IsNullOrEmpty(message.ToolCallId))
        {
            Fail(GatewayErrors.MissingParameter($"{path}.tool_call_id"));
        }

        var content = UserBlocks(message.Parts, path);
        return new AnthropicContentBlock
        {
            Type = "tool_result",
            ToolUseId = message.ToolCallId,
            Content = content.Count > 0 ? content : null,
            IsError = Extension(message, "is_error") is { ValueKind: JsonValueKind.True } ? true : null,
            CacheControl = Extension(message, "cache_control") is { ValueKind: JsonValueKind.Object } cacheControl ? cacheControl : null,
        };
    }

    /// <summary>The gateway's extension fields on a tool message: <c>is_error</c> and <c>cache_control</c> of its tool_result.</summary>
    private static JsonElement? Extension(OpenAiMessage message, string name) =>
        message.Extra?.TryGetValue(name, out var value) == true ? value : null;

    private JsonElement ToolInput(string? arguments, string path)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return EmptyObject;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
        }

        Fail(GatewayErrors.InvalidValue(path, "Anthropic needs tool call arguments to be a JSON object."));
        return EmptyObject;
    }

    /// <summary>A data URL becomes base64 image data; an http(s) URL is passed for Anthropic to fetch.</summary>
    private AnthropicContentBlock? Image(string? url, string path)
    {
        if (DataUrl.TryParse(url, out var mediaType, out var data))
        {
            return new AnthropicContentBlock { Type = "image", Source = new AnthropicSource { Type = "base64", MediaType = mediaType, Data = data } };
        }

        if (url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            return new AnthropicContentBlock { Type = "image", Source = new AnthropicSource { Type = "url", Url = url } };
        }

        Fail(GatewayErrors.InvalidValue(path, "expected an http(s) URL or a base64 data URL."));
        return null;
    }

    /// <summary>An inline file (<c>file_data</c> as a base64 data URL, e.g. a PDF) becomes a document block.</summary>
    private AnthropicContentBlock? Document(JsonElement? file, string path)
    {
        var fileData = file is { ValueKind: JsonValueKind.Object } f && f.TryGetProperty("file_data", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()
            : null;
        if (DataUrl.TryParse(fileData, out var mediaType, out var data))
        {
            return new AnthropicContentBlock { Type = "document", Source = new AnthropicSource { Type = "base64", MediaType = mediaType, Data = data } };
        }

        return Refuse(path, "only inline files (file_data as a base64 data URL) can be sent to Anthropic, not file_id references");
    }

    private AnthropicContentBlock? Refuse(string param, string why)
    {
        Fail(UnsupportedParams.Refuse(settings, param, why));
        return null;
    }

    private void Fail(GatewayError? error) => Error ??= error;
}
