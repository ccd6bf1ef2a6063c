using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.OpenAi.Wire;

/// <summary>
/// An OpenAI chat completion request as translators read it. Fields that take several shapes (content,
/// <c>tool_choice</c>, <c>stop</c>) stay <see cref="JsonElement"/>s; fields no translator reads land in
/// <see cref="Extra"/>, so a translator can tell exactly which ones it would drop.
/// </summary>
public sealed class OpenAiChatRequest
{
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("messages")] public List<OpenAiMessage> Messages { get; set; } = [];
    [JsonPropertyName("tools")] public List<OpenAiTool>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("response_format")] public OpenAiResponseFormat? ResponseFormat { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }
    [JsonPropertyName("n")] public int? N { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("reasoning_effort")] public string? ReasoningEffort { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public OpenAiStreamOptions? StreamOptions { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The top-level fields the client set to something other than null, by their JSON names.</summary>
    public IEnumerable<string> PresentFields()
    {
        (string Name, object? Value)[] known =
        [
            ("tools", Tools), ("tool_choice", ToolChoice), ("parallel_tool_calls", ParallelToolCalls),
            ("response_format", ResponseFormat), ("temperature", Temperature), ("top_p", TopP), ("max_tokens", MaxTokens),
            ("max_completion_tokens", MaxCompletionTokens), ("stop", Stop), ("n", N), ("seed", Seed), ("user", User),
            ("presence_penalty", PresencePenalty), ("frequency_penalty", FrequencyPenalty), ("reasoning_effort", ReasoningEffort),
        ];
        return known.Where(field => field.Value is not null && field.Value is not JsonElement { ValueKind: JsonValueKind.Null })
            .Select(field => field.Name)
            .Concat(Extra?.Where(pair => pair.Value.ValueKind != JsonValueKind.Null).Select(pair => pair.Key) ?? []);
    }

    /// <summary>The output token limit, whichever of the two spellings the client used.</summary>
    [JsonIgnore] public int? OutputTokenLimit => MaxCompletionTokens ?? MaxTokens;

    /// <summary><c>stop</c> as a list, whether the client sent one string or an array.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> StopSequences => Stop switch
    {
        { ValueKind: JsonValueKind.String } one => [one.GetString()!],
        { ValueKind: JsonValueKind.Array } many => many.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList(),
        _ => [],
    };
}

public sealed class OpenAiStreamOptions
{
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A message of any role. <see cref="Content"/> is a string, an array of parts, or null.</summary>
public sealed class OpenAiMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_calls")] public List<OpenAiToolCall>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }

    /// <summary>Thinking text returned by reasoning models (the convention DeepSeek and others use).</summary>
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }

    /// <summary>Signed Anthropic thinking blocks, kept so they can be sent back unchanged on the next turn.</summary>
    [JsonPropertyName("thinking_blocks")] public List<JsonElement>? ThinkingBlocks { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The content parts, with a plain string read as one text part.</summary>
    [JsonIgnore]
    public IReadOnlyList<OpenAiContentPart> Parts => Content switch
    {
        { ValueKind: JsonValueKind.String } text => [new OpenAiContentPart { Type = "text", Text = text.GetString() }],
        { ValueKind: JsonValueKind.Array } parts => parts.EnumerateArray()
            .Select(part => part.Deserialize(OpenAiWireContext.Default.OpenAiContentPart)!)
            .ToList(),
        _ => [],
    };

    /// <summary>All text parts joined, for providers that take a message as a plain string.</summary>
    [JsonIgnore]
    public string Text => string.Concat(Parts.Where(p => p.Type == "text").Select(p => p.Text));
}

public sealed class OpenAiContentPart
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("image_url")] public OpenAiImageUrl? ImageUrl { get; set; }
    [JsonPropertyName("input_audio")] public JsonElement? InputAudio { get; set; }
    [JsonPropertyName("file")] public JsonElement? File { get; set; }

    /// <summary>Anthropic's prompt-caching marker, accepted on OpenAI-shaped parts.</summary>
    [JsonPropertyName("cache_control")] public JsonElement? CacheControl { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class OpenAiImageUrl
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("detail")] public string? Detail { get; set; }
}

public sealed class OpenAiToolCall
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public OpenAiFunctionCall? Function { get; set; }
}

public sealed class OpenAiFunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

public sealed class OpenAiTool
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("function")] public OpenAiFunction Function { get; set; } = new();
    [JsonPropertyName("cache_control")] public JsonElement? CacheControl { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class OpenAiFunction
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}

public sealed class OpenAiResponseFormat
{
    [JsonPropertyName("type")] public string Type { get; set; } = "text";
    [JsonPropertyName("json_schema")] public OpenAiJsonSchema? JsonSchema { get; set; }
}

public sealed class OpenAiJsonSchema
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("schema")] public JsonElement? Schema { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}
