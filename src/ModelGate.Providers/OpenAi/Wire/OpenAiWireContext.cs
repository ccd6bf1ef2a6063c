using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace ModelGate.Providers.OpenAi.Wire;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAiChatRequest))]
[JsonSerializable(typeof(OpenAiContentPart))]
[JsonSerializable(typeof(OpenAiChatCompletion))]
[JsonSerializable(typeof(OpenAiChatChunk))]
public sealed partial class OpenAiWireContext : JsonSerializerContext
{
    /// <summary>The context for writing response bytes: no HTML escaping, so text reaches clients as written.</summary>
    public static OpenAiWireContext Relaxed { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
