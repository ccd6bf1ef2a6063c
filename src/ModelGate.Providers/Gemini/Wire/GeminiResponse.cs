using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Gemini.Wire;

/// <summary>
/// A <c>GenerateContentResponse</c>: the whole answer of <c>generateContent</c>, or one event of
/// <c>streamGenerateContent?alt=sse</c> carrying the parts produced since the previous one.
/// </summary>
public sealed class GeminiResponse
{
    [JsonPropertyName("candidates")] public List<GeminiCandidate>? Candidates { get; set; }
    [JsonPropertyName("promptFeedback")] public GeminiPromptFeedback? PromptFeedback { get; set; }
    [JsonPropertyName("usageMetadata")] public GeminiUsageMetadata? UsageMetadata { get; set; }
    [JsonPropertyName("modelVersion")] public string? ModelVersion { get; set; }
    [JsonPropertyName("responseId")] public string? ResponseId { get; set; }

    /// <summary>Set when a stream reports a failure in band.</summary>
    [JsonPropertyName("error")] public GeminiError? Error { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class GeminiCandidate
{
    [JsonPropertyName("content")] public GeminiContent? Content { get; set; }
    [JsonPropertyName("finishReason")] public string? FinishReason { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>blockReason</c> is set when the prompt itself was blocked; there are then no candidates.</summary>
public sealed class GeminiPromptFeedback
{
    [JsonPropertyName("blockReason")] public string? BlockReason { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Token counts; <c>promptTokenCount</c> includes <c>cachedContentTokenCount</c>.</summary>
public sealed class GeminiUsageMetadata
{
    [JsonPropertyName("promptTokenCount")] public int PromptTokenCount { get; set; }
    [JsonPropertyName("candidatesTokenCount")] public int CandidatesTokenCount { get; set; }
    [JsonPropertyName("toolUsePromptTokenCount")] public int ToolUsePromptTokenCount { get; set; }
    [JsonPropertyName("thoughtsTokenCount")] public int ThoughtsTokenCount { get; set; }
    [JsonPropertyName("cachedContentTokenCount")] public int CachedContentTokenCount { get; set; }
    [JsonPropertyName("totalTokenCount")] public int TotalTokenCount { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Google's error object: <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}</c>.</summary>
public sealed class GeminiError
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class GeminiErrorBody
{
    [JsonPropertyName("error")] public GeminiError? Error { get; set; }
}
