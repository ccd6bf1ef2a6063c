using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>The top-level fields of a Messages request, found in one pass; any other field is refused by name.</summary>
internal sealed class RequestFieldSet
{
    public JsonElement? Model { get; private set; }
    public JsonElement? Messages { get; private set; }
    public JsonElement? MaxTokens { get; private set; }
    public JsonElement? System { get; private set; }
    public JsonElement? StopSequences { get; private set; }
    public JsonElement? Stream { get; private set; }
    public JsonElement? Temperature { get; private set; }
    public JsonElement? TopP { get; private set; }
    public JsonElement? TopK { get; private set; }
    public JsonElement? Tools { get; private set; }
    public JsonElement? ToolChoice { get; private set; }
    public JsonElement? Thinking { get; private set; }
    public JsonElement? Metadata { get; private set; }
    public JsonElement? OutputConfig { get; private set; }

    public GatewayError? Collect(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "model": Model = value; break;
                case "messages": Messages = value; break;
                case "max_tokens": MaxTokens = value; break;
                case "system": System = value; break;
                case "stop_sequences": StopSequences = value; break;
                case "stream": Stream = value; break;
                case "temperature": Temperature = value; break;
                case "top_p": TopP = value; break;
                case "top_k": TopK = value; break;
                case "tools": Tools = value; break;
                case "tool_choice": ToolChoice = value; break;
                case "thinking": Thinking = value; break;
                case "metadata": Metadata = value; break;
                case "output_config": OutputConfig = value; break;
                case var name when MessagesRequestTranslator.IgnoredFields.Contains(name): break;
                default:
                    if (!RequestFields.IsAbsent(value))
                    {
                        return MessagesErrors.UnknownField(property.Name);
                    }

                    break;
            }
        }

        return null;
    }
}
