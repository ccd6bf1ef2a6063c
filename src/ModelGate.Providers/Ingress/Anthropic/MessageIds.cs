using System.Text.Json;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>Ids in Anthropic's form: an Anthropic id (<c>msg_…</c>) is kept, any other gets the prefix.</summary>
internal static class MessageIds
{
    public static string FromOpenAi(string? id) => id switch
    {
        null or "" => "msg_" + Guid.NewGuid().ToString("N"),
        _ when id.StartsWith("msg_", StringComparison.Ordinal) => id,
        _ => "msg_" + id,
    };

    public static string NewToolUseId() => "toolu_" + Guid.NewGuid().ToString("N");
}

/// <summary>The entries of OpenAI-side <c>thinking_blocks</c> that are Anthropic thinking blocks.</summary>
internal static class ThinkingBlocks
{
    public static bool IsThinking(JsonElement block) =>
        block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var type)
        && (type.ValueEquals("thinking"u8) || type.ValueEquals("redacted_thinking"u8));
}
