using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <param name="Model">The <c>model</c> field; null leaves it out (Claude on Vertex AI names the model in the URL).</param>
/// <param name="Stream">Adds <c>"stream": true</c>.</param>
/// <param name="DefaultMaxTokens">Sent as <c>max_tokens</c> (which Anthropic requires) when the client set no limit.</param>
/// <param name="AnthropicVersion">Adds <c>anthropic_version</c> to the body (Vertex AI: <c>vertex-2023-10-16</c>).</param>
public sealed record AnthropicBodyOptions(string? Model, bool Stream, int DefaultMaxTokens = OpenAiToAnthropic.DefaultMaxTokens, string? AnthropicVersion = null);

/// <summary>The Messages API body to send, or why the request cannot go to Anthropic.</summary>
public readonly record struct AnthropicTranslation(byte[]? Body, GatewayError? Refusal);

/// <summary>
/// Translates an OpenAI chat request into an Anthropic Messages API body. Pure: the client's request is
/// read, never changed. Shared by the <c>anthropic</c> provider and Claude on Vertex AI.
/// </summary>
public static class OpenAiToAnthropic
{
    /// <summary>The <c>max_tokens</c> sent when neither the client nor <c>default_max_tokens</c> sets one.</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>
    /// The tool that carries <c>response_format: json_object</c>: Anthropic has no schema-less JSON mode, so the
    /// model is made to call this tool and its input is returned as the message content. Reserved.
    /// </summary>
    public const string JsonObjectTool = "modelgate_json_object";

    private static readonly HashSet<string> Supported =
    [
        "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "stop", "n", "user", "reasoning_effort", "top_k", "thinking",
    ];

    private static readonly JsonElement EmptyParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();
    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    public static AnthropicTranslation Translate(OpenAiChatRequest request, ProviderSettings settings, AnthropicBodyOptions options)
    {
        if (UnsupportedParams.Check(settings, request, Supported) is { } unsupported)
        {
            return new(null, unsupported);
        }

        var messages = new AnthropicMessageMapper(settings);
        messages.Map(request.Messages);
        var body = new AnthropicRequest
        {
            Model = options.Model,
            AnthropicVersion = options.AnthropicVersion,
            MaxTokens = request.OutputTokenLimit ?? options.DefaultMaxTokens,
            System = messages.System(),
            Messages = messages.Messages,
            Temperature = request.Temperature,
            TopP = request.TopP,
            StopSequences = request.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            Metadata = request.User is { } user ? new AnthropicMetadata { UserId = user } : null,
            Stream = options.Stream ? true : null,
        };

        var error = messages.Error
            ?? (request.N > 1 ? UnsupportedParams.Refuse(settings, "n", "Anthropic returns one choice per request") : null)
            ?? MapTopK(request, body)
            ?? MapThinking(request, body)
            ?? MapTools(request, settings, body)
            ?? MapResponseFormat(request.ResponseFormat, settings, body);
        return error is null
            ? new(JsonSerializer.SerializeToUtf8Bytes(body, AnthropicWireContext.Relaxed.AnthropicRequest), null)
            : new(null, error);
    }

    /// <summary>The thinking budget for each <c>reasoning_effort</c>; documented in docs/providers/anthropic.md.</summary>
    public static int? ThinkingBudget(string? effort) => effort switch
    {
        "minimal" or "low" => 1024,
        "medium" => 4096,
        "high" => 16384,
        _ => null,
    };

    /// <summary>The <c>top_k</c> extension field (Anthropic's sampling option, which OpenAI lacks), passed as it is.</summary>
    private static GatewayError? MapTopK(OpenAiChatRequest request, AnthropicRequest body)
    {
        if (Extension(request, "top_k") is not { } topK)
        {
            return null;
        }

        if (topK.ValueKind != JsonValueKind.Number || !topK.TryGetInt32(out var value) || value < 0)
        {
            return GatewayErrors.InvalidType("top_k", "a non-negative integer");
        }

        body.TopK = value;
        return null;
    }

    private static JsonElement? Extension(OpenAiChatRequest request, string name) =>
        request.Extra?.TryGetValue(name, out var value) == true && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>
    /// The <c>thinking</c> extension field (Anthropic's own <c>{"type":"enabled","budget_tokens":N}</c>) is sent as
    /// it is, budget and <c>max_tokens</c> untouched; otherwise <c>reasoning_effort</c> picks a budget.
    /// </summary>
    private static GatewayError? MapThinking(OpenAiChatRequest request, AnthropicRequest body)
    {
        if (Extension(request, "thinking") is not { } thinking)
        {
            return MapReasoningEffort(request.ReasoningEffort, body);
        }

        if (request.ReasoningEffort is not null)
        {
            return GatewayErrors.InvalidValue("thinking", "set thinking or reasoning_effort, not both.");
        }

        var type = thinking.ValueKind == JsonValueKind.Object && thinking.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "disabled":
                return null;
            case "enabled" when thinking.TryGetProperty("budget_tokens", out var budget) && budget.ValueKind == JsonValueKind.Number && budget.TryGetInt32(out var tokens):
                body.Thinking = new AnthropicThinking { BudgetTokens = tokens };
                return null;
            default:
                return GatewayErrors.InvalidValue("thinking", "expected {\"type\":\"enabled\",\"budget_tokens\":<integer>} or {\"type\":\"disabled\"}.");
        }
    }

    /// <summary>Anthropic needs <c>max_tokens</c> above the budget; the budget is then added to the client's limit.</summary>
    private static GatewayError? MapReasoningEffort(string? effort, AnthropicRequest body)
    {
        if (effort is null or "none")
        {
            return null;
        }

        if (ThinkingBudget(effort) is not { } budget)
        {
            return GatewayErrors.InvalidValue("reasoning_effort", $"'{effort}' is not one of none, minimal, low, medium, high.");
        }

        body.Thinking = new AnthropicThinking { BudgetTokens = budget };
        if (body.MaxTokens <= budget)
        {
            body.MaxTokens += budget;
        }

        return null;
    }

    private static GatewayError? MapTools(OpenAiChatRequest request, ProviderSettings settings, AnthropicRequest body)
    {
        if (request.Tools is { Count: > 0 } tools)
        {
            body.Tools = [];
            foreach (var tool in tools)
            {
                if (tool.Type != "function")
                {
                    if (UnsupportedParams.Refuse(settings, "tools", $"tools of type '{tool.Type}' have no Anthropic equivalent") is { } refused)
                    {
                        return refused;
                    }

                    continue;
                }

                if (tool.Function.Name == JsonObjectTool)
                {
                    return GatewayErrors.InvalidValue("tools", $"the tool name '{JsonObjectTool}' is reserved by the gateway.");
                }

                body.Tools.Add(new AnthropicTool
                {
                    Name = tool.Function.Name,
                    Description = tool.Function.Description,
                    InputSchema = tool.Function.Parameters ?? EmptyParameters,
                    Strict = tool.Function.Strict == true ? true : null,
                    CacheControl = tool.CacheControl,
                });
            }
        }

        body.ToolChoice = request.ToolChoice switch
        {
            null or { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.String } choice => choice.GetString() switch
            {
                "auto" => new AnthropicToolChoice { Type = "auto" },
                "required" => new AnthropicToolChoice { Type = "any" },
                "none" => new AnthropicToolChoice { Type = "none" },
                _ => null,
            },
            { ValueKind: JsonValueKind.Object } choice when NamedFunction(choice) is { } name => new AnthropicToolChoice { Type = "tool", Name = name },
            _ => null,
        };
        if (request.ToolChoice is { ValueKind: not JsonValueKind.Null } && body.ToolChoice is null)
        {
            return GatewayErrors.InvalidValue("tool_choice", "expected auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}.");
        }

        if (request.ParallelToolCalls == false && body.Tools is { Count: > 0 } && body.ToolChoice?.Type != "none")
        {
            body.ToolChoice ??= new AnthropicToolChoice { Type = "auto" };
            body.ToolChoice.DisableParallelToolUse = true;
        }

        return null;
    }

    private static string? NamedFunction(JsonElement choice) =>
        choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
        && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    /// <summary>
    /// <c>json_schema</c> uses Anthropic's structured outputs (<c>output_config.format</c>); <c>json_object</c>,
    /// which has no native equivalent, forces a call of <see cref="JsonObjectTool"/> taking any object.
    /// </summary>
    private static GatewayError? MapResponseFormat(OpenAiResponseFormat? format, ProviderSettings settings, AnthropicRequest body)
    {
        switch (format?.Type)
        {
            case null or "text":
                return null;
            case "json_schema":
                if (format.JsonSchema?.Schema is not { ValueKind: JsonValueKind.Object } schema)
                {
                    return GatewayErrors.MissingParameter("response_format.json_schema.schema");
                }

                body.OutputConfig = new AnthropicOutputConfig { Format = new AnthropicOutputFormat { Schema = schema } };
                return null;
            case "json_object":
                if (body.Tools is { Count: > 0 } || body.Thinking is not null)
                {
                    return UnsupportedParams.Refuse(settings, "response_format",
                        "json_object is sent to Anthropic as a forced tool call, which cannot be combined with tools or reasoning_effort; use json_schema");
                }

                body.Tools = [new AnthropicTool { Name = JsonObjectTool, Description = "Answer with a JSON object.", InputSchema = AnyObject }];
                body.ToolChoice = new AnthropicToolChoice { Type = "tool", Name = JsonObjectTool };
                return null;
            default:
                return GatewayErrors.InvalidValue("response_format.type", $"'{format.Type}' is not one of text, json_object, json_schema.");
        }
    }
}
