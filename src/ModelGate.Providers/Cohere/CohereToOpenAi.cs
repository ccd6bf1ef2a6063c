using ModelGate.Core.Usage;
using ModelGate.Providers.Cohere.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Cohere;

/// <summary>
/// A Cohere Chat API v2 response as OpenAI's exact <c>chat.completion</c>. Thinking content and the
/// <c>tool_plan</c> (the model's note on why it calls tools) are returned as <c>reasoning_content</c>.
/// </summary>
public static class CohereToOpenAi
{
    /// <returns>Null when Cohere reports the generation failed (<c>ERROR</c>, <c>TIMEOUT</c>).</returns>
    public static OpenAiChatCompletion? Completion(CohereChatResponse response, string model, long created)
    {
        if (FinishReason(response.FinishReason) is not { } finish)
        {
            return null;
        }

        var content = response.Message?.Content ?? [];
        var text = string.Concat(content.Where(part => part.Type == "text").Select(part => part.Text));
        var reasoning = string.Concat(content.Where(part => part.Type == "thinking").Select(part => part.Thinking)) + response.Message?.ToolPlan;
        var calls = response.Message?.ToolCalls?.Select(call => new OpenAiToolCall
        {
            Id = call.Id,
            Type = "function",
            Function = new OpenAiFunctionCall { Name = call.Function?.Name ?? "", Arguments = call.Function?.Arguments ?? "" },
        }).ToList();
        return new OpenAiChatCompletion
        {
            Id = response.Id ?? "",
            Created = created,
            Model = model,
            Choices =
            [
                new OpenAiChoice
                {
                    Message = new OpenAiResponseMessage
                    {
                        Content = text.Length > 0 ? text : null,
                        ReasoningContent = reasoning.Length > 0 ? reasoning : null,
                        ToolCalls = calls is { Count: > 0 } ? calls : null,
                    },
                    FinishReason = finish,
                },
            ],
            Usage = response.Usage is { } usage ? UsageMapping.ToOpenAi(Usage(usage)) : null,
        };
    }

    /// <summary>
    /// Token counts from <c>tokens</c> (what the model processed), else <c>billed_units</c>;
    /// <c>cached_tokens</c> is the part of the input served from Cohere's cache.
    /// </summary>
    public static TokenUsage Usage(CohereUsage usage)
    {
        var counts = usage.Tokens ?? usage.BilledUnits;
        var input = Count(counts?.InputTokens);
        var output = Count(counts?.OutputTokens);
        return new TokenUsage(input, output, input + output, CachedPromptTokens: Count(usage.CachedTokens));
    }

    /// <returns>Null for the finish reasons that mean the generation failed.</returns>
    public static string? FinishReason(string? reason) => reason switch
    {
        "ERROR" or "TIMEOUT" => null,
        "MAX_TOKENS" => FinishReasons.Length,
        "TOOL_CALL" => FinishReasons.ToolCalls,
        "ERROR_TOXIC" => FinishReasons.ContentFilter,
        _ => FinishReasons.Stop,
    };

    private static int Count(double? value) => value is { } v ? (int)Math.Round(v) : 0;
}
