using System.Text.Json;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>Token counts in Anthropic's terms: <see cref="InputTokens"/> excludes cache reads and writes, counted apart.</summary>
internal readonly record struct MessagesUsage(int InputTokens, int OutputTokens, int CacheReadInputTokens, int CacheCreationInputTokens)
{
    /// <summary>
    /// The inverse of the Anthropic provider's mapping: OpenAI's <c>prompt_tokens</c> includes cached tokens
    /// (<c>cached_tokens</c>) and cache writes (<c>cache_creation_tokens</c>), which Anthropic reports beside
    /// <c>input_tokens</c>.
    /// </summary>
    public static MessagesUsage FromOpenAi(OpenAiUsage? usage)
    {
        if (usage is null)
        {
            return default;
        }

        var cacheRead = usage.PromptTokensDetails?.CachedTokens ?? 0;
        var cacheCreation = usage.PromptTokensDetails?.CacheCreationTokens ?? 0;
        return new MessagesUsage(Math.Max(0, usage.PromptTokens - cacheRead - cacheCreation), usage.CompletionTokens, cacheRead, cacheCreation);
    }

    /// <summary>Writes the <c>usage</c> object, in the order the Messages API sends its fields.</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", InputTokens);
        json.WriteNumber("cache_creation_input_tokens", CacheCreationInputTokens);
        json.WriteNumber("cache_read_input_tokens", CacheReadInputTokens);
        json.WriteNumber("output_tokens", OutputTokens);
        json.WriteEndObject();
    }
}

internal static class StopReasons
{
    /// <summary>
    /// OpenAI finish reasons as Anthropic stop reasons. OpenAI does not say whether a stop sequence ended the
    /// answer, so <c>stop</c> is always <c>end_turn</c>; an answer with tool calls is <c>tool_use</c> unless it was cut.
    /// </summary>
    public static string FromFinishReason(string? finishReason, bool hasToolCalls) => finishReason switch
    {
        "length" => "max_tokens",
        "content_filter" => "refusal",
        "tool_calls" or "function_call" => "tool_use",
        _ when hasToolCalls => "tool_use",
        _ => "end_turn",
    };
}
