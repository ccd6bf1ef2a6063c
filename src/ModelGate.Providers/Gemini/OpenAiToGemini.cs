using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// Translates an OpenAI chat request into a Gemini <c>generateContent</c> request (Gemini API and Vertex AI
/// alike). Pure: the client's request is only read. Messages become <c>contents</c> in
/// <see cref="GeminiContents"/>; this class maps tools, tool choice and the generation settings.
/// </summary>
public static class OpenAiToGemini
{
    private static readonly HashSet<string> Supported =
    [
        "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "stop", "n", "seed", "presence_penalty", "frequency_penalty", "reasoning_effort",
    ];

    /// <summary>Thinking budgets (tokens) for OpenAI's reasoning efforts; <c>none</c> turns thinking off.</summary>
    private static readonly Dictionary<string, int> ThinkingBudgets = new(StringComparer.Ordinal)
    {
        ["none"] = 0,
        ["minimal"] = 512,
        ["low"] = 1024,
        ["medium"] = 8192,
        ["high"] = 24576,
    };

    /// <param name="defaultMaxTokens">Sent as <c>maxOutputTokens</c> when the client sets no limit; null leaves the model's default.</param>
    public static GeminiRequest? Translate(
        OpenAiChatRequest request, ProviderSettings settings, bool stream, int? defaultMaxTokens, out GatewayError? error)
    {
        error = UnsupportedParams.Check(settings, request, Supported)
            ?? CheckValues(request, settings, stream);
        if (error is not null)
        {
            return null;
        }

        var (system, contents) = GeminiContents.From(request.Messages, settings, out error);
        if (error is not null)
        {
            return null;
        }

        var generation = GenerationConfig(request, defaultMaxTokens, out error);
        var toolConfig = error is null ? ToolConfig(request.ToolChoice, out error) : null;
        if (error is not null)
        {
            return null;
        }

        return new GeminiRequest
        {
            Contents = contents,
            SystemInstruction = system,
            Tools = Tools(request.Tools),
            ToolConfig = toolConfig,
            GenerationConfig = generation,
        };
    }

    /// <summary>Values of supported fields that Gemini still cannot honour.</summary>
    private static GatewayError? CheckValues(OpenAiChatRequest request, ProviderSettings settings, bool stream)
    {
        if (request.N > 1 && stream)
        {
            return UnsupportedParams.Refuse(settings, "n", "a stream carries one candidate");
        }

        if (request.ParallelToolCalls == false)
        {
            return UnsupportedParams.Refuse(settings, "parallel_tool_calls", "Gemini cannot be kept from calling several functions at once");
        }

        if (request.Tools?.FirstOrDefault(tool => tool.Type != "function") is { } other)
        {
            return UnsupportedParams.Refuse(settings, "tools", $"only function tools are supported, not '{other.Type}'");
        }

        return null;
    }

    private static GeminiGenerationConfig? GenerationConfig(OpenAiChatRequest request, int? defaultMaxTokens, out GatewayError? error)
    {
        error = null;
        var config = new GeminiGenerationConfig
        {
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxOutputTokens = request.OutputTokenLimit ?? defaultMaxTokens,
            StopSequences = request.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            CandidateCount = request.N is > 1 ? request.N : null,
            PresencePenalty = request.PresencePenalty,
            FrequencyPenalty = request.FrequencyPenalty,
        };

        if (request.Seed is { } seed)
        {
            if (seed is < int.MinValue or > int.MaxValue)
            {
                error = GatewayErrors.InvalidValue("seed", "Gemini takes a 32-bit seed.");
                return null;
            }

            config.Seed = (int)seed;
        }

        switch (request.ResponseFormat?.Type)
        {
            case null or "text":
                break;
            case "json_object":
                config.ResponseMimeType = "application/json";
                break;
            case "json_schema":
                config.ResponseMimeType = "application/json";
                config.ResponseJsonSchema = request.ResponseFormat.JsonSchema?.Schema;
                break;
            default:
                error = GatewayErrors.InvalidValue("response_format.type", $"'{request.ResponseFormat.Type}' is not one of text, json_object, json_schema.");
                return null;
        }

        if (request.ReasoningEffort is { } effort)
        {
            if (!ThinkingBudgets.TryGetValue(effort, out var budget))
            {
                error = GatewayErrors.InvalidValue("reasoning_effort", $"'{effort}' is not one of {string.Join(", ", ThinkingBudgets.Keys)}.");
                return null;
            }

            config.ThinkingConfig = new GeminiThinkingConfig { ThinkingBudget = budget, IncludeThoughts = budget > 0 ? true : null };
        }

        return IsEmpty(config) ? null : config;
    }

    private static bool IsEmpty(GeminiGenerationConfig c) =>
        c is { Temperature: null, TopP: null, MaxOutputTokens: null, StopSequences: null, CandidateCount: null, Seed: null,
            PresencePenalty: null, FrequencyPenalty: null, ResponseMimeType: null, ThinkingConfig: null };

    private static List<GeminiTool>? Tools(List<OpenAiTool>? tools) => tools is { Count: > 0 }
        ? [new GeminiTool
        {
            FunctionDeclarations = [.. tools.Select(tool => new GeminiFunctionDeclaration
            {
                Name = tool.Function.Name,
                Description = tool.Function.Description,
                ParametersJsonSchema = tool.Function.Parameters,
            })],
        }]
        : null;

    private static GeminiToolConfig? ToolConfig(JsonElement? choice, out GatewayError? error)
    {
        error = null;
        switch (choice)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } mode:
                var geminiMode = mode.GetString() switch
                {
                    "auto" => "AUTO",
                    "required" => "ANY",
                    "none" => "NONE",
                    _ => null,
                };
                if (geminiMode is null)
                {
                    error = GatewayErrors.InvalidValue("tool_choice", "expected auto, required, none or a named function.");
                    return null;
                }

                return new GeminiToolConfig { FunctionCallingConfig = new GeminiFunctionCallingConfig { Mode = geminiMode } };
            case { ValueKind: JsonValueKind.Object } named
                when named.TryGetProperty("function", out var function)
                    && function.ValueKind == JsonValueKind.Object
                    && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String:
                return new GeminiToolConfig
                {
                    FunctionCallingConfig = new GeminiFunctionCallingConfig { Mode = "ANY", AllowedFunctionNames = [name.GetString()!] },
                };
            default:
                error = GatewayErrors.InvalidValue("tool_choice", "expected auto, required, none or a named function.");
                return null;
        }
    }
}
