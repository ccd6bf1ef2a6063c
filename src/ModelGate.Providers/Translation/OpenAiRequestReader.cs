using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Translation;

/// <summary>Reads the client's OpenAI chat request into wire types, for translators to map.</summary>
public static class OpenAiRequestReader
{
    public static OpenAiChatRequest? Read(ChatCall call, out GatewayError? error)
    {
        error = null;
        try
        {
            return JsonSerializer.Deserialize(call.Request.Body.Span, OpenAiWireContext.Default.OpenAiChatRequest);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "(body)" : e.Path.TrimStart('$', '.');
            error = GatewayErrors.InvalidType(field, "the type the OpenAI chat API defines for it");
            return null;
        }
        catch (InvalidOperationException)
        {
            error = GatewayErrors.InvalidJson("a string in the body is not valid Unicode (a lone surrogate escape).");
            return null;
        }
    }
}
