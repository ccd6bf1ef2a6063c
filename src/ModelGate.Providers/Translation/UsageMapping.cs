using ModelGate.Core.Usage;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Translation;

/// <summary>Writes a <see cref="TokenUsage"/> as OpenAI's usage object.</summary>
public static class UsageMapping
{
    public static OpenAiUsage ToOpenAi(TokenUsage usage) => new()
    {
        PromptTokens = usage.PromptTokens,
        CompletionTokens = usage.CompletionTokens,
        TotalTokens = usage.TotalTokens,
        PromptTokensDetails = new OpenAiPromptTokensDetails
        {
            CachedTokens = usage.CachedPromptTokens,
            CacheCreationTokens = usage.CacheCreationTokens > 0 ? usage.CacheCreationTokens : null,
        },
        CompletionTokensDetails = new OpenAiCompletionTokensDetails { ReasoningTokens = usage.ReasoningTokens },
    };
}
