using System.Net;
using System.Text.Json;

namespace ModelGate.Server.Tests.Messages;

/// <summary>
/// The gateway called as Claude Code calls it (<c>ANTHROPIC_BASE_URL</c> and <c>ANTHROPIC_API_KEY</c>): <c>x-api-key</c>,
/// <c>anthropic-version: 2023-06-01</c>, an <c>anthropic-beta</c> list, a streamed request with tools and cached system
/// blocks. The event stream is read off the wire, where an SDK would smooth over a wrong order or a missing event.
/// </summary>
public sealed class ClaudeCodeTests : MessagesTestBase
{
    private const string Beta = "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";

    private static string Request(string model) => $$$"""
        {"model":"{{{model}}}","max_tokens":32000,"stream":true,
         "system":[{"type":"text","text":"You are Claude Code, Anthropic's official CLI for Claude.","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"What is the weather in Paris?","cache_control":{"type":"ephemeral"}}]}],
         "tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}}],
         "metadata":{"user_id":"user_abc123"},"temperature":1}
        """;

    [Fact]
    public async Task Streamed_tool_call_from_an_openai_upstream_is_the_exact_event_sequence()
    {
        Upstream.Handler = (context, _) => Infrastructure.OpenAiWire.WriteSseAsync(context, [.. Infrastructure.OpenAiWire.ToolCallChunks(), Infrastructure.OpenAiWire.UsageChunk]);

        using var response = await PostAsync("/v1/messages", Request(Gpt), beta: Beta);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.ToString());
        Assert.True(response.Headers.Contains("request-id"));
        Assert.Equal(
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_chatcmpl-t","type":"message","role":"assistant","model":"gpt","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}

            event: ping
            data: {"type":"ping"}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"location"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\":\"Paris\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":16,"cache_creation_input_tokens":0,"cache_read_input_tokens":3,"output_tokens":10}}

            event: message_stop
            data: {"type":"message_stop"}


            """.ReplaceLineEndings("\n"), body);

        var sent = Upstream.LastRequest.Json;
        Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Streamed_text_then_tool_call_from_an_anthropic_upstream_passes_through_byte_for_byte()
    {
        string[] upstreamEvents =
        [
            """{"type":"message_start","message":{"id":"msg_01CC","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"ping"}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T","name":"get_weather","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"Par"}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\"}"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":25}}""",
            """{"type":"message_stop"}""",
        ];
        Upstream.Handler = (context, _) => WriteAnthropicSseAsync(context, upstreamEvents);

        using var response = await PostAsync("/v1/messages", Request(Claude), beta: Beta);

        // Anthropic in, Anthropic out: every event reaches Claude Code exactly as the provider sent it.
        var expected = string.Concat(upstreamEvents.Select(data =>
            $"event: {JsonDocument.Parse(data).RootElement.GetProperty("type").GetString()}\ndata: {data}\n\n"));
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());

        var sent = Upstream.LastRequest;
        Assert.Equal(AnthropicWire.UpstreamModel, sent.Json.GetProperty("model").GetString());
        Assert.Equal(Beta, sent.Headers["anthropic-beta"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.Equal("ephemeral", sent.Json.GetProperty("system")[0].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.Equal("user_abc123", sent.Json.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal("http://json-schema.org/draft-07/schema#", sent.Json.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("$schema").GetString());
    }
}
