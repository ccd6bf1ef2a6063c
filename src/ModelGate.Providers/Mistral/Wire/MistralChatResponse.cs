using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Mistral.Wire;

/// <summary>
/// Mistral's <c>chat.completion</c> and <c>chat.completion.chunk</c> objects: OpenAI's shape, except that
/// <c>content</c> may be an array of chunks (text, and thinking for reasoning models), tool-call
/// <c>arguments</c> may be an object, and <c>finish_reason</c> has Mistral's own values.
/// </summary>
public sealed class MistralChatResponse
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("object")] public string? Object { get; set; }
    [JsonPropertyName("created")] public long? Created { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("choices")] public List<MistralChoice>? Choices { get; set; }
    [JsonPropertyName("usage")] public MistralUsage? Usage { get; set; }

    /// <summary>Set on an error object sent in place of a response (<c>"object": "error"</c>).</summary>
    [JsonPropertyName("message")] public JsonElement? Message { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A choice of a completion (<see cref="Message"/>) or of a chunk (<see cref="Delta"/>).</summary>
public sealed class MistralChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("message")] public MistralMessage? Message { get; set; }
    [JsonPropertyName("delta")] public MistralMessage? Delta { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class MistralMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }

    /// <summary>A string, or an array of chunks such as <c>{"type":"text"}</c> and <c>{"type":"thinking"}</c>.</summary>
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }

    [JsonPropertyName("tool_calls")] public List<MistralToolCall>? ToolCalls { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class MistralToolCall
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("function")] public MistralFunctionCall? Function { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class MistralFunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>A JSON string, as OpenAI sends it, or the arguments object itself.</summary>
    [JsonPropertyName("arguments")] public JsonElement? Arguments { get; set; }
}

public sealed class MistralUsage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")] public int TotalTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")] public MistralPromptTokensDetails? PromptTokensDetails { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class MistralPromptTokensDetails
{
    [JsonPropertyName("cached_tokens")] public int CachedTokens { get; set; }
}

[JsonSerializable(typeof(MistralChatResponse))]
public sealed partial class MistralWireContext : JsonSerializerContext;
