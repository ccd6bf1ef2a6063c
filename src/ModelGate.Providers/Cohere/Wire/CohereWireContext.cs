using System.Text.Json.Serialization;

namespace ModelGate.Providers.Cohere.Wire;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CohereChatRequest))]
[JsonSerializable(typeof(List<CohereContentPart>))]
[JsonSerializable(typeof(CohereChatResponse))]
[JsonSerializable(typeof(CohereStreamEvent))]
[JsonSerializable(typeof(CohereToolCall))]
[JsonSerializable(typeof(string))]
public sealed partial class CohereWireContext : JsonSerializerContext;
