using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Bedrock.Wire;

/// <summary>
/// The body of Bedrock's <c>Converse</c> and <c>ConverseStream</c> requests (API reference "Converse", request
/// syntax). The model id travels in the path, not the body.
/// </summary>
public sealed class ConverseRequest
{
    [JsonPropertyName("messages")] public List<ConverseMessage> Messages { get; set; } = [];
    [JsonPropertyName("system")] public List<ConverseContentBlock>? System { get; set; }
    [JsonPropertyName("inferenceConfig")] public ConverseInferenceConfig? InferenceConfig { get; set; }
    [JsonPropertyName("toolConfig")] public ConverseToolConfig? ToolConfig { get; set; }
    [JsonPropertyName("additionalModelRequestFields")] public JsonElement? AdditionalModelRequestFields { get; set; }
}

public sealed class ConverseMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public List<ConverseContentBlock> Content { get; set; } = [];
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A content block: exactly one of its members is set (Converse's <c>ContentBlock</c> union).</summary>
public sealed class ConverseContentBlock
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("image")] public ConverseImage? Image { get; set; }
    [JsonPropertyName("toolUse")] public ConverseToolUse? ToolUse { get; set; }
    [JsonPropertyName("toolResult")] public ConverseToolResult? ToolResult { get; set; }
    [JsonPropertyName("reasoningContent")] public ConverseReasoningContent? ReasoningContent { get; set; }
    [JsonPropertyName("cachePoint")] public ConverseCachePoint? CachePoint { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseImage
{
    [JsonPropertyName("format")] public string Format { get; set; } = "";
    [JsonPropertyName("source")] public ConverseImageSource Source { get; set; } = new();
}

public sealed class ConverseImageSource
{
    /// <summary>Base64 in JSON, as the REST API takes blobs.</summary>
    [JsonPropertyName("bytes")] public string Bytes { get; set; } = "";
}

public sealed class ConverseToolUse
{
    [JsonPropertyName("toolUseId")] public string ToolUseId { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("input")] public JsonElement Input { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseToolResult
{
    [JsonPropertyName("toolUseId")] public string ToolUseId { get; set; } = "";
    [JsonPropertyName("content")] public List<ConverseContentBlock> Content { get; set; } = [];
}

public sealed class ConverseReasoningContent
{
    [JsonPropertyName("reasoningText")] public ConverseReasoningText? ReasoningText { get; set; }
    [JsonPropertyName("redactedContent")] public string? RedactedContent { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ConverseReasoningText
{
    [JsonPropertyName("text")] public string Text { get; set; } = "";
    [JsonPropertyName("signature")] public string? Signature { get; set; }
}

public sealed class ConverseCachePoint
{
    [JsonPropertyName("type")] public string Type { get; set; } = "default";
}

public sealed class ConverseInferenceConfig
{
    [JsonPropertyName("maxTokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("topP")] public double? TopP { get; set; }
    [JsonPropertyName("stopSequences")] public List<string>? StopSequences { get; set; }
}

public sealed class ConverseToolConfig
{
    [JsonPropertyName("tools")] public List<ConverseTool> Tools { get; set; } = [];
    [JsonPropertyName("toolChoice")] public ConverseToolChoice? ToolChoice { get; set; }
}

public sealed class ConverseTool
{
    [JsonPropertyName("toolSpec")] public ConverseToolSpec ToolSpec { get; set; } = new();
}

public sealed class ConverseToolSpec
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("inputSchema")] public ConverseInputSchema InputSchema { get; set; } = new();
}

public sealed class ConverseInputSchema
{
    [JsonPropertyName("json")] public JsonElement Json { get; set; }
}

/// <summary>One of <c>{auto:{}}</c>, <c>{any:{}}</c> or <c>{tool:{name}}</c>.</summary>
public sealed class ConverseToolChoice
{
    [JsonPropertyName("auto")] public ConverseEmpty? Auto { get; set; }
    [JsonPropertyName("any")] public ConverseEmpty? Any { get; set; }
    [JsonPropertyName("tool")] public ConverseNamedTool? Tool { get; set; }
}

public sealed class ConverseEmpty;

public sealed class ConverseNamedTool
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}
