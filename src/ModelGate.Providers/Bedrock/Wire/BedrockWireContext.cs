using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.Bedrock.Wire;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConverseRequest))]
[JsonSerializable(typeof(ConverseResponse))]
[JsonSerializable(typeof(ConverseStreamEvent))]
[JsonSerializable(typeof(BedrockErrorBody))]
public sealed partial class BedrockWireContext : JsonSerializerContext
{
    /// <summary>For request bodies: no HTML escaping, so prompts reach the model as written.</summary>
    public static BedrockWireContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
