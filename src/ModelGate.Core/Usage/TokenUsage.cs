namespace ModelGate.Core.Usage;

/// <summary>
/// Token counts in OpenAI's terms: <see cref="PromptTokens"/> includes cached and cache-write tokens, and
/// <see cref="CompletionTokens"/> includes reasoning tokens, so each part can be priced on its own.
/// </summary>
public readonly record struct TokenUsage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    int CachedPromptTokens = 0,
    int ReasoningTokens = 0,
    int CacheCreationTokens = 0);
