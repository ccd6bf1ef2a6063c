using System.Text.Json.Serialization;

namespace ModelGate.Providers.Gemini.Wire;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiRequest))]
[JsonSerializable(typeof(GeminiResponse))]
[JsonSerializable(typeof(GeminiErrorBody))]
[JsonSerializable(typeof(List<GeminiErrorBody>))]
public sealed partial class GeminiWireContext : JsonSerializerContext;
