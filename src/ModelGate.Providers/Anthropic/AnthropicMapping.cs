using ModelGate.Core.Usage;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>The mappings the completion and stream translators share: stop reasons and usage.</summary>
public static class AnthropicMapping
{
    public static string FinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => FinishReasons.Length,
        "tool_use" => FinishReasons.ToolCalls,
        "refusal" => FinishReasons.ContentFilter,
        _ => FinishReasons.Stop,
    };

    /// <summary>OpenAI's prompt tokens include cache reads and writes, which Anthropic counts apart from <c>input_tokens</c>.</summary>
    public static TokenUsage Usage(int input, int output, int cacheRead, int cacheCreation)
    {
        var prompt = input + cacheRead + cacheCreation;
        return new TokenUsage(prompt, output, prompt + output, CachedPromptTokens: cacheRead, CacheCreationTokens: cacheCreation);
    }

    public static TokenUsage Usage(AnthropicUsage? usage) =>
        Usage(usage?.InputTokens ?? 0, usage?.OutputTokens ?? 0, usage?.CacheReadInputTokens ?? 0, usage?.CacheCreationInputTokens ?? 0);
}
