using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Cohere.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Cohere;

/// <summary>
/// An OpenAI chat request as a Cohere Chat API v2 request. Cohere has no way to name the one tool to call, so a
/// named <c>tool_choice</c> sends only that tool with <c>tool_choice: REQUIRED</c>. <c>reasoning_effort</c>
/// switches Cohere's <c>thinking</c> on (or off for <c>none</c>); earlier turns' thinking is not sent back.
/// </summary>
public sealed class OpenAiToCohere(ProviderSettings settings)
{
    private static readonly HashSet<string> Supported =
    [
        "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "stop", "n", "seed", "presence_penalty", "frequency_penalty", "reasoning_effort",
    ];

    private GatewayError? refusal;

    /// <returns>The Cohere request, or null with <paramref name="error"/> set when the request cannot go to Cohere.</returns>
    public CohereChatRequest? Translate(ChatCall call, out GatewayError? error)
    {
        var request = OpenAiRequestReader.Read(call, out error);
        if (request is null)
        {
            return null;
        }

        error = UnsupportedParams.Check(settings, request, Supported);
        if (error is not null)
        {
            return null;
        }

        if (request.N > 1)
        {
            Refuse("n", "Cohere returns one choice per request");
        }

        if (request.ParallelToolCalls == false)
        {
            Refuse("parallel_tool_calls", "Cohere cannot be limited to one tool call per turn");
        }

        var cohere = new CohereChatRequest
        {
            Model = call.Deployment.Model,
            Messages = request.Messages.Select(Message).ToList(),
            Temperature = request.Temperature,
            P = request.TopP,
            MaxTokens = request.OutputTokenLimit,
            StopSequences = request.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            Seed = request.Seed,
            FrequencyPenalty = request.FrequencyPenalty,
            PresencePenalty = request.PresencePenalty,
            ResponseFormat = ResponseFormat(request.ResponseFormat),
            Thinking = request.ReasoningEffort switch
            {
                null => null,
                "none" => new CohereThinking { Type = "disabled" },
                _ => new CohereThinking { Type = "enabled" },
            },
            Stream = call.Request.Stream,
        };
        ApplyTools(request, cohere);
        error = refusal;
        return error is null ? cohere : null;
    }

    private void ApplyTools(OpenAiChatRequest request, CohereChatRequest cohere)
    {
        var tools = request.Tools ?? [];
        switch (request.ToolChoice)
        {
            case { ValueKind: JsonValueKind.String } choice when choice.GetString() == "required":
                cohere.ToolChoice = "REQUIRED";
                break;
            case { ValueKind: JsonValueKind.String } choice when choice.GetString() == "none":
                cohere.ToolChoice = "NONE";
                break;
            case { ValueKind: JsonValueKind.Object } named
                when named.TryGetProperty("function", out var function) && function.TryGetProperty("name", out var name):
                tools = tools.Where(tool => tool.Function.Name == name.GetString()).ToList();
                cohere.ToolChoice = "REQUIRED";
                break;
        }

        foreach (var tool in tools.Where(tool => tool.Type != "function"))
        {
            Refuse("tools", $"tool type '{tool.Type}' (Cohere takes function tools)");
        }

        cohere.Tools = tools.Count > 0
            ? tools.Where(tool => tool.Type == "function").Select(tool => new CohereTool
            {
                Function = new CohereFunction { Name = tool.Function.Name, Description = tool.Function.Description, Parameters = tool.Function.Parameters },
            }).ToList()
            : null;
        cohere.StrictTools = tools.Any(tool => tool.Function.Strict == true) ? true : null;
    }

    /// <summary>Cohere's JSON mode guarantees valid JSON and, given a schema, output that follows it.</summary>
    private static CohereResponseFormat? ResponseFormat(OpenAiResponseFormat? format) => format?.Type switch
    {
        "json_object" => new CohereResponseFormat(),
        "json_schema" => new CohereResponseFormat { JsonSchema = format.JsonSchema?.Schema },
        _ => null,
    };

    private CohereMessage Message(OpenAiMessage message) => message.Role switch
    {
        "system" or "developer" => new CohereMessage { Role = "system", Content = Text(message.Text) },
        "assistant" => Assistant(message),
        "tool" => new CohereMessage { Role = "tool", ToolCallId = message.ToolCallId, Content = Text(message.Text) },
        _ => new CohereMessage { Role = "user", Content = UserContent(message) },
    };

    /// <summary>An assistant turn that called tools carries its text as <c>tool_plan</c>, as Cohere writes it.</summary>
    private static CohereMessage Assistant(OpenAiMessage message)
    {
        var calls = message.ToolCalls?.Select(call => new CohereToolCall
        {
            Id = call.Id,
            Type = "function",
            Function = new CohereFunctionCall { Name = call.Function?.Name, Arguments = call.Function?.Arguments ?? "{}" },
        }).ToList();
        var text = message.Text;
        return calls is { Count: > 0 }
            ? new CohereMessage { Role = "assistant", ToolCalls = calls, ToolPlan = text.Length > 0 ? text : null }
            : new CohereMessage { Role = "assistant", Content = Text(text) };
    }

    /// <summary>Plain text stays a string; with images the content becomes Cohere's array of parts.</summary>
    private JsonElement? UserContent(OpenAiMessage message)
    {
        var parts = message.Parts;
        if (parts.All(part => part.Type == "text"))
        {
            return Text(message.Text);
        }

        var cohereParts = new List<CohereContentPart>();
        foreach (var part in parts)
        {
            switch (part.Type)
            {
                case "text":
                    cohereParts.Add(new CohereContentPart { Text = part.Text ?? "" });
                    break;
                case "image_url" when part.ImageUrl is { } image:
                    cohereParts.Add(new CohereContentPart { Type = "image_url", ImageUrl = new CohereImageUrl { Url = image.Url, Detail = image.Detail } });
                    break;
                default:
                    Refuse("messages", $"content part type '{part.Type}' (Cohere takes text and images)");
                    break;
            }
        }

        return JsonSerializer.SerializeToElement(cohereParts, CohereWireContext.Default.ListCohereContentPart);
    }

    private static JsonElement Text(string text) => JsonSerializer.SerializeToElement(text, CohereWireContext.Default.String);

    /// <summary>Keeps the first refusal; with <c>drop_unsupported_params</c> the value is simply left out.</summary>
    private void Refuse(string param, string why) => refusal ??= UnsupportedParams.Refuse(settings, param, why);
}
