using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Bedrock.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>What the response translators must know about how the request was translated.</summary>
/// <param name="JsonMode">
/// <c>response_format</c> was sent as a forced tool: its <c>toolUse</c> input is the answer, returned as the
/// message content with finish reason <c>stop</c>.
/// </param>
public sealed record ConverseCallShape(bool JsonMode);

/// <summary>Translates an OpenAI chat request into a Bedrock <c>Converse</c> request body. Pure: the input is not changed.</summary>
public static class OpenAiToBedrock
{
    /// <summary>The tool a <c>json_object</c> response format is forced through (a <c>json_schema</c> one uses its own name).</summary>
    public const string JsonObjectTool = "json_response";

    private const int DefaultThinkingHeadroom = 4096;

    private static readonly JsonElement ObjectSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

    private static readonly HashSet<string> Supported =
    [
        "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p",
        "max_tokens", "max_completion_tokens", "stop", "n", "reasoning_effort",
    ];

    private static readonly Dictionary<string, int> ThinkingBudgets = new(StringComparer.Ordinal)
    {
        ["minimal"] = 1024, ["low"] = 1024, ["medium"] = 2048, ["high"] = 4096,
    };

    public static (ConverseRequest? Request, ConverseCallShape Shape, GatewayError? Error) Translate(
        ProviderSettings settings, OpenAiChatRequest request, string model)
    {
        var shape = new ConverseCallShape(JsonMode: false);
        var error = UnsupportedParams.Check(settings, request, Supported)
            ?? (request.N is > 1 ? UnsupportedParams.Refuse(settings, "n", "Bedrock returns one choice per request") : null)
            ?? (request.ParallelToolCalls is false ? UnsupportedParams.Refuse(settings, "parallel_tool_calls", "Converse cannot turn parallel tool calls off") : null);
        if (error is not null)
        {
            return (null, shape, error);
        }

        var converse = new ConverseRequest();
        error = ConverseMessages.Translate(settings, request.Messages, converse)
            ?? Inference(settings, request, converse)
            ?? Tools(settings, request, converse, out shape)
            ?? Thinking(settings, request, model, converse);
        return error is null ? (converse, shape, null) : (null, shape, error);
    }

    private static GatewayError? Inference(ProviderSettings settings, OpenAiChatRequest request, ConverseRequest converse)
    {
        var maxTokens = request.OutputTokenLimit;
        if (maxTokens is null && int.TryParse(settings.Option("default_max_tokens"), NumberStyles.None, CultureInfo.InvariantCulture, out var fallback))
        {
            maxTokens = fallback;
        }

        var stops = request.StopSequences;
        if (maxTokens is null && request.Temperature is null && request.TopP is null && stops.Count == 0)
        {
            return null;
        }

        converse.InferenceConfig = new ConverseInferenceConfig
        {
            MaxTokens = maxTokens,
            Temperature = request.Temperature,
            TopP = request.TopP,
            StopSequences = stops.Count > 0 ? [.. stops] : null,
        };
        return null;
    }

    private static GatewayError? Tools(ProviderSettings settings, OpenAiChatRequest request, ConverseRequest converse, out ConverseCallShape shape)
    {
        shape = new ConverseCallShape(JsonMode: false);
        if (request.ResponseFormat is { Type: "json_object" or "json_schema" } format)
        {
            if (request.Tools is { Count: > 0 })
            {
                return UnsupportedParams.Refuse(settings, "response_format", "Bedrock gives structured output through a forced tool, which cannot be combined with 'tools'");
            }

            var name = format.JsonSchema?.Name is { Length: > 0 } schemaName ? schemaName : JsonObjectTool;
            var schema = format.JsonSchema?.Schema ?? ObjectSchema;
            converse.ToolConfig = new ConverseToolConfig
            {
                Tools = [Tool(name, format.JsonSchema?.Description ?? "Respond with a JSON object.", schema)],
                ToolChoice = new ConverseToolChoice { Tool = new ConverseNamedTool { Name = name } },
            };
            shape = new ConverseCallShape(JsonMode: true);
            return null;
        }

        if (request.ResponseFormat is { Type: not "text" } other)
        {
            return UnsupportedParams.Refuse(settings, "response_format", $"unknown type '{other.Type}'");
        }

        if (request.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        var choice = request.ToolChoice;
        var mode = choice switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Object } => "named",
            _ => "auto",
        };
        var config = new ConverseToolConfig
        {
            Tools = [.. tools.Select(t => Tool(t.Function.Name, t.Function.Description, t.Function.Parameters ?? ObjectSchema))],
        };
        switch (mode)
        {
            case "auto":
                config.ToolChoice = new ConverseToolChoice { Auto = new ConverseEmpty() };
                break;
            case "required":
                config.ToolChoice = new ConverseToolChoice { Any = new ConverseEmpty() };
                break;
            case "named" when choice!.Value.TryGetProperty("function", out var function) && function.TryGetProperty("name", out var named):
                config.ToolChoice = new ConverseToolChoice { Tool = new ConverseNamedTool { Name = named.GetString() ?? "" } };
                break;
            case "none":
                // Converse has no "none": leave the tools out, unless the history holds tool blocks, which need a toolConfig.
                if (!ConverseMessages.UsesTools(converse))
                {
                    return null;
                }

                break;
            default:
                return GatewayErrors.InvalidValue("tool_choice", "expected 'auto', 'none', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}.");
        }

        converse.ToolConfig = config;
        return null;
    }

    private static ConverseTool Tool(string name, string? description, JsonElement schema) => new()
    {
        ToolSpec = new ConverseToolSpec { Name = name, Description = description, InputSchema = new ConverseInputSchema { Json = schema } },
    };

    private static GatewayError? Thinking(ProviderSettings settings, OpenAiChatRequest request, string model, ConverseRequest converse)
    {
        if (request.ReasoningEffort is not { } effort || effort == "none")
        {
            return null;
        }

        if (!model.Contains("anthropic", StringComparison.OrdinalIgnoreCase))
        {
            return UnsupportedParams.Refuse(settings, "reasoning_effort", "Bedrock takes a thinking budget only for Anthropic models");
        }

        if (!ThinkingBudgets.TryGetValue(effort, out var budget))
        {
            return GatewayErrors.InvalidValue("reasoning_effort", "expected 'minimal', 'low', 'medium' or 'high'.");
        }

        // Anthropic requires maxTokens above the thinking budget; leave room for the answer when the client set none.
        converse.InferenceConfig ??= new ConverseInferenceConfig();
        converse.InferenceConfig.MaxTokens ??= budget + DefaultThinkingHeadroom;
        converse.AdditionalModelRequestFields =
            JsonDocument.Parse($$$"""{"thinking":{"type":"enabled","budget_tokens":{{{budget}}}}}""").RootElement.Clone();
        return null;
    }
}
