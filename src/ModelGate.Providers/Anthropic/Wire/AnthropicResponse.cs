using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Anthropic.Wire;

/// <summary>A Messages API response (<c>"type":"message"</c>), also the <c>message</c> of a stream's <c>message_start</c>.</summary>
public sealed class AnthropicResponse
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("content")] public List<AnthropicContentBlock> Content { get; set; } = [];
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
    [JsonPropertyName("usage")] public AnthropicUsage? Usage { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Token counts: <see cref="InputTokens"/> excludes the cache reads and writes, which are counted apart.</summary>
public sealed class AnthropicUsage
{
    [JsonPropertyName("input_tokens")] public int? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public int? OutputTokens { get; set; }
    [JsonPropertyName("cache_creation_input_tokens")] public int? CacheCreationInputTokens { get; set; }
    [JsonPropertyName("cache_read_input_tokens")] public int? CacheReadInputTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An error body: <c>{"type":"error","error":{"type":"...","message":"..."}}</c>, also sent as a stream <c>error</c> event.</summary>
public sealed class AnthropicErrorBody
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("error")] public AnthropicErrorDetail? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class AnthropicErrorDetail
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
