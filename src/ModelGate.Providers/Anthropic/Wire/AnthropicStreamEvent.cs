using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Anthropic.Wire;

/// <summary>
/// The data of one stream event; which fields are set depends on <see cref="Type"/>: <c>message_start</c>
/// (message), <c>content_block_start</c> (index, content_block), <c>content_block_delta</c> (index, delta),
/// <c>content_block_stop</c> (index), <c>message_delta</c> (delta, usage), <c>message_stop</c>, <c>ping</c>, <c>error</c>.
/// </summary>
public sealed class AnthropicStreamEvent
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("message")] public AnthropicResponse? Message { get; set; }
    [JsonPropertyName("content_block")] public AnthropicContentBlock? ContentBlock { get; set; }
    [JsonPropertyName("delta")] public AnthropicStreamDelta? Delta { get; set; }
    [JsonPropertyName("usage")] public AnthropicUsage? Usage { get; set; }
    [JsonPropertyName("error")] public AnthropicErrorDetail? Error { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A block delta (<c>text_delta</c>, <c>input_json_delta</c>, <c>thinking_delta</c>, <c>signature_delta</c>) or a message delta (stop reason).</summary>
public sealed class AnthropicStreamDelta
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("partial_json")] public string? PartialJson { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
