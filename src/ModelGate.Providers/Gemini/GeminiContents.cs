using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// OpenAI messages as Gemini <c>contents</c>: system and developer text becomes the system instruction,
/// assistant turns are <c>model</c> turns with <c>functionCall</c> parts, and consecutive tool results are one
/// <c>user</c> turn of <c>functionResponse</c> parts, named after the call they answer (Gemini matches by name
/// and order; it has no call ids to send back).
/// </summary>
internal static class GeminiContents
{
    public static (GeminiContent? System, List<GeminiContent> Contents) From(
        IReadOnlyList<OpenAiMessage> messages, ProviderSettings settings, out GatewayError? error)
    {
        error = null;
        var systemParts = new List<GeminiPart>();
        var contents = new List<GeminiContent>();
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count && error is null; i++)
        {
            var message = messages[i];
            switch (message.Role)
            {
                case "system" or "developer":
                    systemParts.Add(new GeminiPart { Text = message.Text });
                    break;
                case "user":
                    if (UserParts(message, i, settings, out error) is { Count: > 0 } parts)
                    {
                        contents.Add(new GeminiContent { Role = "user", Parts = parts });
                    }

                    break;
                case "assistant":
                    if (ModelParts(message, i, callNames, out error) is { Count: > 0 } modelParts)
                    {
                        contents.Add(new GeminiContent { Role = "model", Parts = modelParts });
                    }

                    break;
                case "tool":
                    AddFunctionResponse(contents, FunctionResponse(message, i, callNames, out error));
                    break;
                default:
                    error = UnsupportedParams.Refuse(settings, $"messages[{i}].role", $"the role '{message.Role}' has no Gemini equivalent");
                    break;
            }
        }

        var system = systemParts.Count > 0 ? new GeminiContent { Parts = systemParts } : null;
        return (system, contents);
    }

    /// <summary>
    /// Results of one turn's calls form one user turn of <c>functionResponse</c> parts only: Gemini pairs it with the
    /// model's call turn, and a text part beside them breaks that pairing, so a user message after tool results stays a
    /// turn of its own.
    /// </summary>
    private static void AddFunctionResponse(List<GeminiContent> contents, GeminiPart response)
    {
        if (contents.LastOrDefault() is { Role: "user" } last && last.Parts.All(p => p.FunctionResponse is not null))
        {
            last.Parts.Add(response);
        }
        else
        {
            contents.Add(new GeminiContent { Role = "user", Parts = [response] });
        }
    }

    private static List<GeminiPart> UserParts(OpenAiMessage message, int index, ProviderSettings settings, out GatewayError? error)
    {
        error = null;
        var parts = new List<GeminiPart>();
        foreach (var part in message.Parts)
        {
            GeminiPart? translated = part.Type switch
            {
                "text" => new GeminiPart { Text = part.Text ?? "" },
                "image_url" => GeminiMedia.FromUrl(part.ImageUrl?.Url ?? ""),
                "input_audio" => GeminiMedia.FromAudio(part.InputAudio),
                "file" => GeminiMedia.FromFile(part.File),
                _ => null,
            };
            if (translated is not null)
            {
                parts.Add(translated);
            }
            else if ((error = UnsupportedParams.Refuse(settings, $"messages[{index}].content",
                $"the '{part.Type}' content part cannot be sent to Gemini in this form")) is not null)
            {
                return parts;
            }
        }

        return parts;
    }

    private static List<GeminiPart> ModelParts(
        OpenAiMessage message, int index, Dictionary<string, string> callNames, out GatewayError? error)
    {
        error = null;
        var parts = new List<GeminiPart>();
        if (message.Text is { Length: > 0 } text)
        {
            parts.Add(new GeminiPart { Text = text });
        }

        foreach (var call in message.ToolCalls ?? [])
        {
            var name = call.Function?.Name ?? "";
            if (call.Id is { } id)
            {
                callNames[id] = name;
            }

            if (!TryParseArguments(call.Function?.Arguments, out var args))
            {
                error = GatewayErrors.InvalidValue($"messages[{index}].tool_calls", $"the arguments of '{name}' are not a JSON object.");
                return parts;
            }

            parts.Add(new GeminiPart
            {
                FunctionCall = new GeminiFunctionCall { Name = name, Args = args },
                ThoughtSignature = GeminiToolCallIds.Signature(call.Id),
            });
        }

        return parts;
    }

    private static bool TryParseArguments(string? arguments, out JsonElement args)
    {
        args = default;
        if (string.IsNullOrWhiteSpace(arguments))
        {
            args = JsonDocument.Parse("{}").RootElement;
            return true;
        }

        try
        {
            args = JsonDocument.Parse(arguments).RootElement;
            return args.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static GeminiPart FunctionResponse(
        OpenAiMessage message, int index, Dictionary<string, string> callNames, out GatewayError? error)
    {
        error = null;
        if (message.ToolCallId is not { } id || !callNames.TryGetValue(id, out var name))
        {
            error = GatewayErrors.InvalidValue($"messages[{index}].tool_call_id",
                "it must name a tool call of an earlier assistant message, since Gemini matches results to calls by function name.");
            return new GeminiPart();
        }

        var failed = message.Extra?.TryGetValue("is_error", out var isError) == true && isError.ValueKind == JsonValueKind.True;
        return new GeminiPart { FunctionResponse = new GeminiFunctionResponse { Name = name, Response = ResponseObject(message.Text, failed) } };
    }

    /// <summary>
    /// A result that is a JSON object goes as it is; anything else is wrapped as <c>{"content": …}</c>. A failed call
    /// (the gateway's <c>is_error</c> extension, from an Anthropic <c>tool_result</c>) goes under <c>error</c>, the key
    /// Gemini reads as error details.
    /// </summary>
    private static JsonElement ResponseObject(string result, bool failed)
    {
        try
        {
            var parsed = JsonDocument.Parse(result).RootElement;
            if (parsed.ValueKind == JsonValueKind.Object && !failed)
            {
                return parsed;
            }
        }
        catch (JsonException)
        {
        }

        var wrapped = new System.Text.Json.Nodes.JsonObject { [failed ? "error" : "content"] = result };
        return JsonDocument.Parse(wrapped.ToJsonString()).RootElement;
    }
}
