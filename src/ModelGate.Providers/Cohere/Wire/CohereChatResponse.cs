using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Cohere.Wire;

/// <summary>A non-streamed Chat API v2 response.</summary>
public sealed class CohereChatResponse
{
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary><c>COMPLETE</c>, <c>STOP_SEQUENCE</c>, <c>MAX_TOKENS</c>, <c>TOOL_CALL</c>, <c>ERROR</c> or <c>TIMEOUT</c>.</summary>
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }

    [JsonPropertyName("message")] public CohereResponseMessage? Message { get; set; }
    [JsonPropertyName("usage")] public CohereUsage? Usage { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class CohereResponseMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public List<CohereResponseContent>? Content { get; set; }
    [JsonPropertyName("tool_plan")] public string? ToolPlan { get; set; }
    [JsonPropertyName("tool_calls")] public List<CohereToolCall>? ToolCalls { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>{"type":"text","text":…}</c> or, from reasoning models, <c>{"type":"thinking","thinking":…}</c>.</summary>
public sealed class CohereResponseContent
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// <c>tokens</c> counts what the model saw (Cohere's own prompt template included); <c>billed_units</c> what
/// is billed. Counts are JSON numbers that may carry a fraction part.
/// </summary>
public sealed class CohereUsage
{
    [JsonPropertyName("billed_units")] public CohereTokenCounts? BilledUnits { get; set; }
    [JsonPropertyName("tokens")] public CohereTokenCounts? Tokens { get; set; }
    [JsonPropertyName("cached_tokens")] public double? CachedTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class CohereTokenCounts
{
    [JsonPropertyName("input_tokens")] public double? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public double? OutputTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// One streamed event, told apart by <see cref="Type"/>. The delta's <c>content</c> and <c>tool_calls</c> are
/// arrays in <c>message-start</c> and single objects in the events after it, so they stay JSON elements here.
/// </summary>
public sealed class CohereStreamEvent
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("delta")] public CohereEventDelta? Delta { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class CohereEventDelta
{
    [JsonPropertyName("message")] public CohereDeltaMessage? Message { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
    [JsonPropertyName("usage")] public CohereUsage? Usage { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class CohereDeltaMessage
{
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("tool_plan")] public string? ToolPlan { get; set; }
    [JsonPropertyName("tool_calls")] public JsonElement? ToolCalls { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
