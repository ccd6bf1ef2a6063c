using System.Text;
using System.Text.Json;
using ModelGate.Core.Usage;
using ModelGate.Providers.Mistral.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Mistral;

/// <summary>
/// Mistral's completion as OpenAI's exact <c>chat.completion</c>: content chunks joined into text, thinking
/// chunks into <c>reasoning_content</c>, Mistral's finish reasons mapped, usage in OpenAI's shape.
/// </summary>
public static class MistralToOpenAi
{
    /// <returns>Null when a choice ended with Mistral's <c>error</c> finish reason: the generation failed.</returns>
    public static OpenAiChatCompletion? Completion(MistralChatResponse response, string model, long now)
    {
        var completion = new OpenAiChatCompletion
        {
            Id = response.Id ?? "",
            Created = response.Created ?? now,
            Model = model,
            Usage = response.Usage is { } usage ? UsageMapping.ToOpenAi(Usage(usage)) : null,
        };
        foreach (var choice in response.Choices ?? [])
        {
            if (choice.FinishReason == "error")
            {
                return null;
            }

            var (text, reasoning) = Content(choice.Message?.Content);
            var toolCalls = choice.Message?.ToolCalls?.Select((call, i) => new OpenAiToolCall
            {
                Id = call.Id ?? $"call_{i}",
                Type = "function",
                Function = new OpenAiFunctionCall { Name = call.Function?.Name ?? "", Arguments = Arguments(call.Function?.Arguments) },
            }).ToList();
            completion.Choices.Add(new OpenAiChoice
            {
                Index = choice.Index,
                Message = new OpenAiResponseMessage
                {
                    Content = text,
                    ReasoningContent = reasoning,
                    ToolCalls = toolCalls is { Count: > 0 } ? toolCalls : null,
                },
                FinishReason = FinishReason(choice.FinishReason),
            });
        }

        return completion;
    }

    /// <summary>Mistral's <c>prompt_tokens</c> already include the cached ones, as OpenAI's do.</summary>
    public static TokenUsage Usage(MistralUsage usage) => new(
        usage.PromptTokens,
        usage.CompletionTokens,
        usage.TotalTokens > 0 ? usage.TotalTokens : usage.PromptTokens + usage.CompletionTokens,
        CachedPromptTokens: usage.PromptTokensDetails?.CachedTokens ?? 0);

    /// <summary><c>model_length</c> (the context window filled up) is a length stop too.</summary>
    public static string? FinishReason(string? reason) => reason switch
    {
        null => null,
        "length" or "model_length" => FinishReasons.Length,
        "tool_calls" => FinishReasons.ToolCalls,
        _ => FinishReasons.Stop,
    };

    /// <summary>The text and the thinking text of a content string or chunk array; null when there is none.</summary>
    public static (string? Text, string? Reasoning) Content(JsonElement? content)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } plain:
                return (plain.GetString(), null);
            case { ValueKind: JsonValueKind.Array } chunks:
                StringBuilder? text = null, reasoning = null;
                foreach (var chunk in chunks.EnumerateArray())
                {
                    switch (Type(chunk))
                    {
                        case "text" when chunk.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String:
                            (text ??= new()).Append(value.GetString());
                            break;
                        case "thinking" when chunk.TryGetProperty("thinking", out var thinking):
                            (reasoning ??= new()).Append(Content(thinking).Text);
                            break;
                    }
                }

                return (text?.ToString(), reasoning?.ToString());
            default:
                return (null, null);
        }
    }

    public static string Arguments(JsonElement? arguments) => arguments switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Object or JsonValueKind.Array } json => json.GetRawText(),
        _ => "",
    };

    private static string? Type(JsonElement chunk) =>
        chunk.ValueKind == JsonValueKind.Object && chunk.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;
}
