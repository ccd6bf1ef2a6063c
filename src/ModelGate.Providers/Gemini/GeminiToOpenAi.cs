using System.Text;
using ModelGate.Core.Usage;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// A Gemini <c>GenerateContentResponse</c> as an OpenAI <c>chat.completion</c>: one choice per candidate,
/// thought parts in <c>reasoning_content</c>, function calls as tool calls, usage in OpenAI's terms.
/// A blocked prompt (no candidates) is one empty choice finished by <c>content_filter</c>.
/// </summary>
public static class GeminiToOpenAi
{
    public static OpenAiChatCompletion Completion(GeminiResponse response, string responseKey, string model, long created)
    {
        var position = 0;
        var choices = (response.Candidates ?? []).Select((candidate, i) =>
        {
            var parts = candidate.Content?.Parts ?? [];
            var text = Join(parts.Where(p => p.Text is not null && p.Thought != true));
            var reasoning = Join(parts.Where(p => p.Text is not null && p.Thought == true));
            var calls = parts.Where(p => p.FunctionCall is not null).Select(p => ToolCall(p, responseKey, position++)).ToList();
            return new OpenAiChoice
            {
                Index = candidate.Index ?? i,
                Message = new OpenAiResponseMessage
                {
                    Content = text ?? (calls.Count == 0 ? "" : null),
                    ReasoningContent = reasoning,
                    ToolCalls = calls.Count > 0 ? calls : null,
                },
                FinishReason = FinishReason(candidate.FinishReason, calls.Count > 0),
            };
        }).ToList();

        if (choices.Count == 0 && response.PromptFeedback?.BlockReason is not null)
        {
            choices.Add(new OpenAiChoice { Message = new OpenAiResponseMessage { Content = "" }, FinishReason = FinishReasons.ContentFilter });
        }

        return new OpenAiChatCompletion
        {
            Id = CompletionId(responseKey),
            Created = created,
            Model = model,
            Choices = choices,
            Usage = Usage(response.UsageMetadata) is { } usage ? UsageMapping.ToOpenAi(usage) : null,
        };
    }

    /// <summary>Gemini's response id, or a fresh one: names the completion and the calls it makes.</summary>
    public static string ResponseKey(GeminiResponse response) => response.ResponseId ?? Guid.NewGuid().ToString("N");

    public static string CompletionId(string responseKey) => $"chatcmpl-{responseKey}";

    public static OpenAiToolCall ToolCall(GeminiPart part, string responseKey, int position) => new()
    {
        Id = CallId(part, responseKey, position),
        Type = "function",
        Function = new OpenAiFunctionCall { Name = part.FunctionCall!.Name, Arguments = Arguments(part.FunctionCall) },
    };

    public static string CallId(GeminiPart part, string responseKey, int position) =>
        GeminiToolCallIds.Compose(part.FunctionCall!.Id ?? GeminiToolCallIds.Synthesise(responseKey, position), part.ThoughtSignature);

    public static string Arguments(GeminiFunctionCall call) => call.Args?.GetRawText() ?? "{}";

    /// <summary>Gemini's finish reason in OpenAI's terms; a turn that called functions finishes with <c>tool_calls</c>.</summary>
    public static string FinishReason(string? reason, bool calledFunctions) => reason switch
    {
        "MAX_TOKENS" => FinishReasons.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII"
            or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => FinishReasons.ContentFilter,
        _ when calledFunctions => FinishReasons.ToolCalls,
        _ => FinishReasons.Stop,
    };

    /// <summary>
    /// OpenAI's usage: prompt tokens include cached ones (Gemini counts them in <c>promptTokenCount</c>) and the
    /// prompt tokens of built-in tools; completion tokens are the candidates' plus the thoughts'.
    /// </summary>
    public static TokenUsage? Usage(GeminiUsageMetadata? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        var prompt = metadata.PromptTokenCount + metadata.ToolUsePromptTokenCount;
        var completion = metadata.CandidatesTokenCount + metadata.ThoughtsTokenCount;
        return new TokenUsage(prompt, completion, prompt + completion,
            CachedPromptTokens: metadata.CachedContentTokenCount, ReasoningTokens: metadata.ThoughtsTokenCount);
    }

    private static string? Join(IEnumerable<GeminiPart> parts)
    {
        StringBuilder? text = null;
        foreach (var part in parts)
        {
            (text ??= new StringBuilder()).Append(part.Text);
        }

        return text?.ToString();
    }
}
