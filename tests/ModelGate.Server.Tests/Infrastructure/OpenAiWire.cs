using System.Text;
using Microsoft.AspNetCore.Http;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>
/// OpenAI chat completions wire bodies as the API documents them (API reference: "The chat completion object",
/// "The chat completion chunk object", and the streaming guide), for fake upstreams to send.
/// </summary>
public static class OpenAiWire
{
    public const string Usage =
        """{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":2,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";

    public static string Completion(string content, string model = "gpt-4o-mini-2024-07-18") =>
        $$"""{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"{{model}}","choices":[{"index":0,"message":{"role":"assistant","content":"{{content}}","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{{Usage}},"service_tier":"default","system_fingerprint":"fp_06737a9306"}""";

    public const string ToolCallCompletion =
        """{"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"get_current_weather","arguments":"{\n\"location\": \"Boston, MA\"\n}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}""";

    public static string Chunk(string? content, string? role = null, string? finishReason = null)
    {
        var delta = new StringBuilder("{");
        if (role is not null)
        {
            delta.Append($"\"role\":\"{role}\",\"content\":\"\"");
        }
        else if (content is not null)
        {
            delta.Append($"\"content\":\"{content}\"");
        }

        delta.Append('}');
        var finish = finishReason is null ? "null" : $"\"{finishReason}\"";
        return $$"""{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{finish}}}],"usage":null}""";
    }

    public static readonly string UsageChunk =
        $$"""{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{{Usage}}}""";

    /// <summary>A streamed tool call: id and name in the first delta, arguments in pieces after it.</summary>
    public static IReadOnlyList<string> ToolCallChunks() =>
    [
        """{"id":"chatcmpl-t","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-t","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\""}}]},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-t","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"location"}}]},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-t","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-t","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}""",
    ];

    public static string Error(string message, string type, string? param, string? code) =>
        $$$"""{"error":{"message":"{{{message}}}","type":"{{{type}}}","param":{{{Quote(param)}}},"code":{{{Quote(code)}}}}}""";

    public static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    /// <summary>Writes each event as <c>data: ...</c>, flushing after each, with an optional pause before each one after the first.</summary>
    public static async Task WriteSseAsync(HttpContext context, IEnumerable<string> events, TimeSpan delay = default, bool done = true)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream; charset=utf-8";
        }

        var first = true;
        foreach (var data in events)
        {
            if (!first && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            first = false;
            await context.Response.WriteAsync($"data: {data}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (done)
        {
            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        }
    }

    private static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";
}
