using System.Net;
using System.Text.Json;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Messages;

/// <summary>
/// Anthropic in, Anthropic out: the client's bytes reach the provider with only <c>model</c> rewritten, the answer comes
/// back untouched, and fields only Anthropic's API has work; other providers still get a translation, or a clear 400.
/// </summary>
public sealed class MessagesPassThroughTests : MessagesTestBase
{
    // A request with Anthropic-only fields the translated path cannot carry: a server tool and context management.
    private static string AnthropicOnly(string model) => $$$"""
        {"model":"{{{model}}}","max_tokens":1024,
         "messages":[{"role":"user","content":"What happened in Paris today?"}],
         "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3}],
         "context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]},
         "unknown_future_field":{"kept":true}}
        """;

    [Fact]
    public async Task The_body_reaches_anthropic_unchanged_but_for_the_model_and_the_answer_comes_back_unchanged()
    {
        var answer = """{"id":"msg_01PT","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Searched."},{"type":"server_tool_use","id":"srvtoolu_01","name":"web_search","input":{"query":"Paris today"}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":6,"server_tool_use":{"web_search_requests":1}}}""";
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, answer);

        using var response = await PostAsync("/v1/messages", AnthropicOnly(Claude), beta: "context-management-2025-06-27");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        var sent = Upstream.LastRequest;
        Assert.Equal(AnthropicOnly(AnthropicWire.UpstreamModel), sent.BodyText);
        Assert.Equal("context-management-2025-06-27", sent.Headers["anthropic-beta"]);
        Assert.Equal("anthropic/claude-sonnet-4-5", ResponseHeader.Of(response, "x-modelgate-deployment"));
    }

    [Fact]
    public async Task Anthropic_only_fields_are_refused_by_name_for_a_translated_provider()
    {
        using var response = await PostAsync("/v1/messages", AnthropicOnly(Gpt));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("'context_management' is not supported", error.GetProperty("message").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task A_request_only_anthropic_can_carry_goes_to_the_anthropic_deployment_even_when_another_comes_first()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200,
            """{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""");

        using var response = await PostAsync("/v1/messages", AnthropicOnly(MixedOpenAiFirst));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anthropic/claude-sonnet-4-5", ResponseHeader.Of(response, "x-modelgate-deployment"));
        Assert.All(Upstream.Requests, sent => Assert.Equal("/v1/messages", sent.Path));
    }

    [Fact]
    public async Task A_failed_pass_through_falls_back_to_a_translated_provider()
    {
        Upstream.Handler = (context, request) => request.Path == "/v1/messages"
            ? OpenAiWire.WriteJsonAsync(context, 529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")
            : OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("from the fallback"));

        using var response = await PostAsync("/v1/messages", """{"model":"mixed","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("from the fallback", message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("openai/gpt-4o-mini", ResponseHeader.Of(response, "x-modelgate-deployment"));
    }

    [Fact]
    public async Task A_passed_through_stream_cut_before_message_stop_ends_with_an_error_event()
    {
        Upstream.Handler = (context, _) => WriteAnthropicSseAsync(context,
        [
            """{"type":"message_start","message":{"id":"msg_01X","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Half an ans"}}""",
        ]);

        using var response = await PostAsync("/v1/messages", """{"model":"claude","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        var events = ParseSse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "error"], events.Select(e => e.Event));
        Assert.Equal("api_error", JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
