using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Gemini.Wire;

/// <summary>
/// A <c>generateContent</c> request body (ai.google.dev/api/generate-content; the same body on Vertex AI).
/// Unknown fields of the parts and contents are kept so history can carry what this adapter does not map.
/// </summary>
public sealed class GeminiRequest
{
    [JsonPropertyName("contents")] public List<GeminiContent> Contents { get; set; } = [];
    [JsonPropertyName("systemInstruction")] public GeminiContent? SystemInstruction { get; set; }
    [JsonPropertyName("tools")] public List<GeminiTool>? Tools { get; set; }
    [JsonPropertyName("toolConfig")] public GeminiToolConfig? ToolConfig { get; set; }
    [JsonPropertyName("generationConfig")] public GeminiGenerationConfig? GenerationConfig { get; set; }
}

/// <summary>One turn: <c>role</c> is <c>user</c> or <c>model</c>, absent for the system instruction.</summary>
public sealed class GeminiContent
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("parts")] public List<GeminiPart> Parts { get; set; } = [];
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A part holds exactly one kind of data; <see cref="Thought"/> marks thinking text.</summary>
public sealed class GeminiPart
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("thought")] public bool? Thought { get; set; }

    /// <summary>Opaque signature of the model's thinking, to be sent back with the part it came on (Gemini 3 requires it on function calls).</summary>
    [JsonPropertyName("thoughtSignature")] public string? ThoughtSignature { get; set; }

    [JsonPropertyName("inlineData")] public GeminiBlob? InlineData { get; set; }
    [JsonPropertyName("fileData")] public GeminiFileData? FileData { get; set; }
    [JsonPropertyName("functionCall")] public GeminiFunctionCall? FunctionCall { get; set; }
    [JsonPropertyName("functionResponse")] public GeminiFunctionResponse? FunctionResponse { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class GeminiBlob
{
    [JsonPropertyName("mimeType")] public string MimeType { get; set; } = "";
    [JsonPropertyName("data")] public string Data { get; set; } = "";
}

public sealed class GeminiFileData
{
    [JsonPropertyName("mimeType")] public string MimeType { get; set; } = "";
    [JsonPropertyName("fileUri")] public string FileUri { get; set; } = "";
}

/// <summary>A call the model asks for; <c>id</c> is sent by newer API versions only.</summary>
public sealed class GeminiFunctionCall
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("args")] public JsonElement? Args { get; set; }
}

public sealed class GeminiFunctionResponse
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("response")] public JsonElement Response { get; set; }
}

public sealed class GeminiTool
{
    [JsonPropertyName("functionDeclarations")] public List<GeminiFunctionDeclaration> FunctionDeclarations { get; set; } = [];
}

/// <summary>Parameters go in <c>parametersJsonSchema</c>, which takes JSON Schema as OpenAI clients write it.</summary>
public sealed class GeminiFunctionDeclaration
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parametersJsonSchema")] public JsonElement? ParametersJsonSchema { get; set; }
}

public sealed class GeminiToolConfig
{
    [JsonPropertyName("functionCallingConfig")] public GeminiFunctionCallingConfig FunctionCallingConfig { get; set; } = new();
}

/// <summary><c>mode</c> is <c>AUTO</c>, <c>ANY</c> or <c>NONE</c>; names narrow <c>ANY</c> to those functions.</summary>
public sealed class GeminiFunctionCallingConfig
{
    [JsonPropertyName("mode")] public string Mode { get; set; } = "AUTO";
    [JsonPropertyName("allowedFunctionNames")] public List<string>? AllowedFunctionNames { get; set; }
}

public sealed class GeminiGenerationConfig
{
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("topP")] public double? TopP { get; set; }
    [JsonPropertyName("maxOutputTokens")] public int? MaxOutputTokens { get; set; }
    [JsonPropertyName("stopSequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("candidateCount")] public int? CandidateCount { get; set; }
    [JsonPropertyName("seed")] public int? Seed { get; set; }
    [JsonPropertyName("presencePenalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("frequencyPenalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("responseMimeType")] public string? ResponseMimeType { get; set; }
    [JsonPropertyName("responseJsonSchema")] public JsonElement? ResponseJsonSchema { get; set; }
    [JsonPropertyName("thinkingConfig")] public GeminiThinkingConfig? ThinkingConfig { get; set; }
}

public sealed class GeminiThinkingConfig
{
    [JsonPropertyName("includeThoughts")] public bool? IncludeThoughts { get; set; }
    [JsonPropertyName("thinkingBudget")] public int ThinkingBudget { get; set; }
}
