namespace ModelGate.Server.Tests.Completions;

/// <summary>
/// OpenAI legacy completions wire bodies as the API reference documents them ("Create completion", its
/// non-streaming and streaming examples; "The completion object"), for a fake OpenAI upstream to send.
/// </summary>
public static class CompletionsWire
{
    public const string Completion =
        """{"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,"model":"gpt-3.5-turbo-instruct","system_fingerprint":"fp_44709d6fcb","choices":[{"text":"\n\nThis is indeed a test","index":0,"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}""";

    public static string Chunk(string text, string? finishReason = null) =>
        $$"""{"id":"cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe","object":"text_completion","created":1690759702,"choices":[{"text":"{{text}}","index":0,"logprobs":null,"finish_reason":{{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}],"model":"gpt-3.5-turbo-instruct","system_fingerprint":"fp_44709d6fcb"}""";

    public const string UsageChunk =
        """{"id":"cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe","object":"text_completion","created":1690759702,"choices":[],"model":"gpt-3.5-turbo-instruct","usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";
}
