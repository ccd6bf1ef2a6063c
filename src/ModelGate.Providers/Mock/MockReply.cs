using System.Text.Json;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.Mock;

/// <summary>
/// What the mock says: the text of the last user message, echoed back, with token counts estimated at
/// four characters a token. Deterministic, so demos and tests can predict every byte.
/// </summary>
internal sealed record MockReply(string Text, TokenUsage Usage)
{
    private const string EmptyReply = "(the last user message had no text)";

    public static MockReply For(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var messages = document.RootElement.GetProperty("messages");
        var promptChars = 0;
        string? lastUserText = null;
        foreach (var message in messages.EnumerateArray())
        {
            var text = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) ? TextOf(content) : "";
            promptChars += text.Length;
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueEquals("user"))
            {
                lastUserText = text;
            }
        }

        var reply = string.IsNullOrEmpty(lastUserText) ? EmptyReply : lastUserText;
        var prompt = Tokens(promptChars);
        var completion = Tokens(reply.Length);
        return new MockReply(reply, new TokenUsage(prompt, completion, prompt + completion));
    }

    /// <summary>Splits the text into at most <paramref name="count"/> pieces of near-equal length, never inside a surrogate pair.</summary>
    public IReadOnlyList<string> Pieces(int count)
    {
        count = Math.Clamp(count, 1, Math.Max(1, Text.Length));
        var pieces = new List<string>(count);
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            var end = Math.Max(start, Text.Length * i / count);
            if (end < Text.Length && char.IsLowSurrogate(Text[end]))
            {
                end++;
            }

            if (end > start)
            {
                pieces.Add(Text[start..end]);
            }

            start = end;
        }

        return pieces;
    }

    private static int Tokens(int chars) => Math.Max(1, (chars + 3) / 4);

    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(part => part.GetProperty("text").GetString())),
        _ => "",
    };
}
