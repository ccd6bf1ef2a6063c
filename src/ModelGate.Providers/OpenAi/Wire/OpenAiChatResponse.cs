using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.OpenAi.Wire;

/// <summary>
/// The <c>chat.completion</c> object translators produce. Fields OpenAI always sends, even as null
/// (<c>content</c>, <c>refusal</c>, <c>logprobs</c>, <c>finish_reason</c>), are always written.
/// </summary>
public sealed class OpenAiChatCompletion
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("object")] public string Object { get; set; } = "chat.completion";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("choices")] public List<OpenAiChoice> Choices { get; set; } = [];
    [JsonPropertyName("usage")] public OpenAiUsage? Usage { get; set; }
}

public sealed class OpenAiChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("message")] public OpenAiResponseMessage Message { get; set; } = new();

    [JsonPropertyName("logprobs"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Logprobs { get; set; }

    [JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}

public sealed class OpenAiResponseMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "assistant";

    [JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; set; }

    [JsonPropertyName("refusal"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Refusal { get; set; }

    [JsonPropertyName("tool_calls")] public List<OpenAiToolCall>? ToolCalls { get; set; }

    /// <summary>Thinking text, when the provider returned any (see docs/providers).</summary>
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }

    /// <summary>Anthropic thinking blocks with their signatures, to send back on the next turn.</summary>
    [JsonPropertyName("thinking_blocks")] public List<JsonElement>? ThinkingBlocks { get; set; }
}

/// <summary>
/// OpenAI's usage object. <c>prompt_tokens</c> counts every input token, cached ones included;
/// <c>cache_creation_tokens</c> is ModelGate's addition for providers that bill cache writes apart.
/// </summary>
public sealed class OpenAiUsage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")] public int TotalTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")] public OpenAiPromptTokensDetails? PromptTokensDetails { get; set; }
    [JsonPropertyName("completion_tokens_details")] public OpenAiCompletionTokensDetails? CompletionTokensDetails { get; set; }
}

public sealed class OpenAiPromptTokensDetails
{
    [JsonPropertyName("cached_tokens")] public int CachedTokens { get; set; }
    [JsonPropertyName("cache_creation_tokens")] public int? CacheCreationTokens { get; set; }
}

public sealed class OpenAiCompletionTokensDetails
{
    [JsonPropertyName("reasoning_tokens")] public int ReasoningTokens { get; set; }
}

/// <summary>A <c>chat.completion.chunk</c>.</summary>
public sealed class OpenAiChatChunk
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("object")] public string Object { get; set; } = "chat.completion.chunk";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("choices")] public List<OpenAiChunkChoice> Choices { get; set; } = [];
    [JsonPropertyName("usage")] public OpenAiUsage? Usage { get; set; }
}

public sealed class OpenAiChunkChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("delta")] public OpenAiDelta Delta { get; set; } = new();

    [JsonPropertyName("logprobs"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Logprobs { get; set; }

    [JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}

public sealed class OpenAiDelta
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }
    [JsonPropertyName("thinking_blocks")] public List<JsonElement>? ThinkingBlocks { get; set; }
    [JsonPropertyName("tool_calls")] public List<OpenAiToolCall>? ToolCalls { get; set; }
}
