namespace ModelGate.Core.Usage;

/// <summary>Token counts in OpenAI's terms; cached and reasoning tokens are parts of prompt and completion.</summary>
public readonly record struct TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens, int CachedPromptTokens = 0, int ReasoningTokens = 0);
