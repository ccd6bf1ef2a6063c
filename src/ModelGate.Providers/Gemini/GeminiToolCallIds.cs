namespace ModelGate.Providers.Gemini;

/// <summary>
/// OpenAI tool-call ids for Gemini function calls. Gemini 3 requires each function call's
/// <c>thoughtSignature</c> back on the next turn, and an OpenAI client only echoes the call's id, so the
/// signature travels inside the id: <c>{id}__thought__{signature}</c>.
/// </summary>
public static class GeminiToolCallIds
{
    private const string Separator = "__thought__";

    /// <param name="callId">Gemini's own id when it sent one, else one made from the response id and the call's position.</param>
    public static string Compose(string callId, string? signature) =>
        string.IsNullOrEmpty(signature) ? callId : callId + Separator + signature;

    public static string? Signature(string? toolCallId)
    {
        var at = toolCallId?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : toolCallId![(at + Separator.Length)..];
    }

    /// <summary>The id for a call Gemini sent without one: stable across a stream's events.</summary>
    public static string Synthesise(string responseId, int position) => $"call_{responseId}_{position}";
}
