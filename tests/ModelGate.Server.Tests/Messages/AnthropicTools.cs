using System.Text.Json;
using Anthropic.Models.Messages;

namespace ModelGate.Server.Tests.Messages;

public static class AnthropicTools
{
    /// <summary>A function tool with one required string property, <c>city</c>, as the Anthropic SDK sends it.</summary>
    public static Tool Weather => new()
    {
        Name = "get_weather",
        Description = "Current weather in a city",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement> { ["city"] = JsonDocument.Parse("""{"type":"string"}""").RootElement },
            Required = ["city"],
        },
    };
}
