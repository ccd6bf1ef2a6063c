using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Anthropic.Wire;

/// <summary>
/// A Messages API request body (<c>POST /v1/messages</c>). <see cref="Model"/> is left out and
/// <see cref="AnthropicVersion"/> set for Claude on Vertex AI, which takes the version in the body.
/// </summary>
public sealed class AnthropicRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("anthropic_version")] public string? AnthropicVersion { get; set; }
    [JsonPropertyName("max_tokens")] public int MaxTokens { get; set; }

    /// <summary>A string, or an array of text blocks when a part carries <c>cache_control</c>.</summary>
    [JsonPropertyName("system")] public JsonElement? System { get; set; }

    [JsonPropertyName("messages")] public List<AnthropicMessage> Messages { get; set; } = [];
    [JsonPropertyName("tools")] public List<AnthropicTool>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public AnthropicToolChoice? ToolChoice { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("top_k")] public int? TopK { get; set; }
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("metadata")] public AnthropicMetadata? Metadata { get; set; }
    [JsonPropertyName("thinking")] public AnthropicThinking? Thinking { get; set; }
    [JsonPropertyName("output_config")] public AnthropicOutputConfig? OutputConfig { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
}

public sealed class AnthropicMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public List<AnthropicContentBlock> Content { get; set; } = [];
}

/// <summary>
/// Any content block, in requests and responses: text, image, document, tool_use, tool_result, thinking,
/// redacted_thinking. Fields this type does not name (citations, server-tool fields, a block sent back
/// verbatim) live in <see cref="Extra"/>, so they survive a round trip.
/// </summary>
public sealed class AnthropicContentBlock
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("source")] public AnthropicSource? Source { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("input")] public JsonElement? Input { get; set; }
    [JsonPropertyName("tool_use_id")] public string? ToolUseId { get; set; }
    [JsonPropertyName("content")] public List<AnthropicContentBlock>? Content { get; set; }
    [JsonPropertyName("is_error")] public bool? IsError { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonPropertyName("cache_control")] public JsonElement? CacheControl { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An image or document source: <c>base64</c> (media_type + data) or <c>url</c>.</summary>
public sealed class AnthropicSource
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("media_type")] public string? MediaType { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
}

public sealed class AnthropicTool
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("input_schema")] public JsonElement InputSchema { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
    [JsonPropertyName("cache_control")] public JsonElement? CacheControl { get; set; }
}

/// <summary><c>auto</c>, <c>any</c>, <c>tool</c> (with <see cref="Name"/>) or <c>none</c>.</summary>
public sealed class AnthropicToolChoice
{
    [JsonPropertyName("type")] public string Type { get; set; } = "auto";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("disable_parallel_tool_use")] public bool? DisableParallelToolUse { get; set; }
}

public sealed class AnthropicMetadata
{
    [JsonPropertyName("user_id")] public string? UserId { get; set; }
}

public sealed class AnthropicThinking
{
    [JsonPropertyName("type")] public string Type { get; set; } = "enabled";
    [JsonPropertyName("budget_tokens")] public int BudgetTokens { get; set; }
}

/// <summary>Structured outputs: <c>output_config.format</c> = <c>{"type":"json_schema","schema":...}</c>.</summary>
public sealed class AnthropicOutputConfig
{
    [JsonPropertyName("format")] public AnthropicOutputFormat? Format { get; set; }
}

public sealed class AnthropicOutputFormat
{
    [JsonPropertyName("type")] public string Type { get; set; } = "json_schema";
    [JsonPropertyName("schema")] public JsonElement Schema { get; set; }
}
