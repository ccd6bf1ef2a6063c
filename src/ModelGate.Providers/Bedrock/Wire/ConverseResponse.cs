using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Bedrock.Wire;

/// <summary>A <c>Converse</c> response (API reference "Converse", response syntax).</summary>
public sealed class ConverseResponse
{
    [JsonPropertyName("output")] public ConverseOutput? Output { get; set; }
    [JsonPropertyName("stopReason")] public string? StopReason { get; set; }
    [JsonPropertyName("usage")] public ConverseUsage? Usage { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseOutput
{
    [JsonPropertyName("message")] public ConverseMessage? Message { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Token counts; <c>inputTokens</c> excludes the cache reads and writes, which are reported apart.</summary>
public sealed class ConverseUsage
{
    [JsonPropertyName("inputTokens")] public int InputTokens { get; set; }
    [JsonPropertyName("outputTokens")] public int OutputTokens { get; set; }
    [JsonPropertyName("totalTokens")] public int TotalTokens { get; set; }
    [JsonPropertyName("cacheReadInputTokens")] public int? CacheReadInputTokens { get; set; }
    [JsonPropertyName("cacheWriteInputTokens")] public int? CacheWriteInputTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// The JSON payload of any <c>ConverseStream</c> event; which members are set depends on the frame's
/// <c>:event-type</c> (messageStart, contentBlockStart, contentBlockDelta, contentBlockStop, messageStop, metadata).
/// Bedrock pads payloads with a random <c>p</c> field, which lands in <see cref="Extra"/>.
/// </summary>
public sealed class ConverseStreamEvent
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("contentBlockIndex")] public int ContentBlockIndex { get; set; }
    [JsonPropertyName("start")] public ConverseBlockStart? Start { get; set; }
    [JsonPropertyName("delta")] public ConverseBlockDelta? Delta { get; set; }
    [JsonPropertyName("stopReason")] public string? StopReason { get; set; }
    [JsonPropertyName("usage")] public ConverseUsage? Usage { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseBlockStart
{
    [JsonPropertyName("toolUse")] public ConverseToolUseStart? ToolUse { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseToolUseStart
{
    [JsonPropertyName("toolUseId")] public string ToolUseId { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

public sealed class ConverseBlockDelta
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("toolUse")] public ConverseToolUseDelta? ToolUse { get; set; }
    [JsonPropertyName("reasoningContent")] public ConverseReasoningDelta? ReasoningContent { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseToolUseDelta
{
    /// <summary>A piece of the tool input's JSON text.</summary>
    [JsonPropertyName("input")] public string Input { get; set; } = "";
}

public sealed class ConverseReasoningDelta
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An error body: <c>{"message": "..."}</c>, sometimes with the exception name in <c>__type</c>.</summary>
public sealed class BedrockErrorBody
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("Message")] public string? MessageUpper { get; set; }
    [JsonPropertyName("__type")] public string? Type { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
