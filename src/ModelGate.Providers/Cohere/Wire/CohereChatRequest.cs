using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Cohere.Wire;

/// <summary>The body of Cohere's Chat API v2 (<c>POST /v2/chat</c>), as the translator writes it.</summary>
public sealed class CohereChatRequest
{
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("messages")] public List<CohereMessage> Messages { get; set; } = [];
    [JsonPropertyName("tools")] public List<CohereTool>? Tools { get; set; }

    /// <summary><c>REQUIRED</c> or <c>NONE</c>; absent means the model decides.</summary>
    [JsonPropertyName("tool_choice")] public string? ToolChoice { get; set; }

    [JsonPropertyName("strict_tools")] public bool? StrictTools { get; set; }
    [JsonPropertyName("response_format")] public CohereResponseFormat? ResponseFormat { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("p")] public double? P { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("thinking")] public CohereThinking? Thinking { get; set; }
    [JsonPropertyName("stream")] public bool Stream { get; set; }
}

/// <summary>A message of any role; <see cref="Content"/> is a string or an array of content parts.</summary>
public sealed class CohereMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("tool_plan")] public string? ToolPlan { get; set; }
    [JsonPropertyName("tool_calls")] public List<CohereToolCall>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
}

/// <summary><c>{"type":"text","text":…}</c> or <c>{"type":"image_url","image_url":{"url":…}}</c>.</summary>
public sealed class CohereContentPart
{
    [JsonPropertyName("type")] public string Type { get; set; } = "text";
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("image_url")] public CohereImageUrl? ImageUrl { get; set; }
}

public sealed class CohereImageUrl
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("detail")] public string? Detail { get; set; }
}

public sealed class CohereTool
{
    [JsonPropertyName("type")] public string Type { get; set; } = "function";
    [JsonPropertyName("function")] public CohereFunction Function { get; set; } = new();
}

public sealed class CohereFunction
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
}

public sealed class CohereToolCall
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public CohereFunctionCall? Function { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class CohereFunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

/// <summary><c>{"type":"json_object"}</c>, with <c>json_schema</c> to constrain the output to a schema.</summary>
public sealed class CohereResponseFormat
{
    [JsonPropertyName("type")] public string Type { get; set; } = "json_object";
    [JsonPropertyName("json_schema")] public JsonElement? JsonSchema { get; set; }
}

/// <summary><c>{"type":"enabled"|"disabled","token_budget":…}</c> for Cohere's reasoning models.</summary>
public sealed class CohereThinking
{
    [JsonPropertyName("type")] public string Type { get; set; } = "enabled";
    [JsonPropertyName("token_budget")] public int? TokenBudget { get; set; }
}
