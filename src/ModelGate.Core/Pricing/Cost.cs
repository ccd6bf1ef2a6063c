using ModelGate.Core.Configuration;
using ModelGate.Core.Usage;

namespace ModelGate.Core.Pricing;

public static class Cost
{
    /// <summary>
    /// The exact cost in USD: uncached input, cached input, cache writes, visible output and reasoning tokens, each at
    /// its own price (a part without one at the plain input or output price).
    /// </summary>
    public static decimal Of(TokenUsage usage, DeploymentPrice price)
    {
        var uncachedInput = Math.Max(0, usage.PromptTokens - usage.CachedPromptTokens - usage.CacheCreationTokens);
        var visibleOutput = Math.Max(0, usage.CompletionTokens - usage.ReasoningTokens);
        var perMillion =
            uncachedInput * price.InputPerMillion
            + usage.CachedPromptTokens * (price.CachedInputPerMillion ?? price.InputPerMillion)
            + usage.CacheCreationTokens * (price.CacheWritePerMillion ?? price.InputPerMillion)
            + visibleOutput * price.OutputPerMillion
            + usage.ReasoningTokens * (price.ReasoningPerMillion ?? price.OutputPerMillion);
        return perMillion / 1_000_000m;
    }
}
