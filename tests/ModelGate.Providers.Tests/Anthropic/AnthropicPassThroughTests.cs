using System.Net;
using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>Messages requests sent to Anthropic as they came: only the model rewritten, the answer untranslated, usage read on the side.</summary>
public sealed class AnthropicPassThroughTests
{
    private const string Body = """{"model":"claude","max_tokens":64,"messages":[{"role":"user","content":"Hi"}],"context_management":{"edits":[]}}""";

    private static ChatCall Call(string body) =>
        new(ChatRequestParser.Parse(Encoding.UTF8.GetBytes(body), out _)!, new Core.Configuration.DeploymentSettings(TestData.ProviderName, "claude-sonnet-4-5"), "req-1");

    private static Task<ChatOutcome> SendAsync(VerbatimHttpHandler handler, string body, AnthropicHeaders? headers = null) =>
        AnthropicTestData.Provider(handler).SendMessagesAsync(Call(body), headers ?? new AnthropicHeaders(null, null), CancellationToken.None);

    [Fact]
    public async Task The_body_goes_with_only_the_model_rewritten_and_the_clients_headers()
    {
        var handler = VerbatimHttpHandler.Json("""{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}""");

        await SendAsync(handler, Body, new AnthropicHeaders("2023-06-01", "context-management-2025-06-27"));

        Assert.Equal(Body.Replace("\"claude\"", "\"claude-sonnet-4-5\""), handler.Request!.BodyText);
        Assert.Equal("context-management-2025-06-27", handler.Request.Header("anthropic-beta"));
        Assert.Equal("2023-06-01", handler.Request.Header("anthropic-version"));
        Assert.Equal("sk-ant-test", handler.Request.Header("x-api-key"));
    }

    [Fact]
    public async Task A_streamed_request_is_not_given_openai_stream_options()
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));

        await SendAsync(handler, Body.Replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true"));

        Assert.DoesNotContain("stream_options", handler.Request!.BodyText);
    }

    [Fact]
    public async Task The_message_comes_back_as_it_came_with_its_usage()
    {
        const string message = """{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hello"}],"stop_reason":"end_turn","usage":{"input_tokens":10,"cache_read_input_tokens":30,"output_tokens":4}}""";

        var completed = Assert.IsType<ChatCompleted>(await SendAsync(VerbatimHttpHandler.Json(message), Body));

        Assert.Equal(message, Encoding.UTF8.GetString(completed.Body.Span));
        Assert.Equal((40, 30, 4), (completed.Usage!.Value.PromptTokens, completed.Usage.Value.CachedPromptTokens, completed.Usage.Value.CompletionTokens));
    }

    [Fact]
    public async Task Stream_events_come_back_whole_and_usage_is_read_from_message_start_and_message_delta()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","usage":{"input_tokens":20,"cache_creation_input_tokens":5,"output_tokens":1}}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}

            event: message_stop
            data: {"type":"message_stop"}


            """;
        var outcome = await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse.Replace("\r\n", "\n"))), Body.Replace("64,", "64,\"stream\":true,"));

        await using var stream = Assert.IsType<ChatStreaming>(outcome).Stream;
        var events = await stream.ReadAllAsync();

        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
        Assert.Equal("event: ping\ndata: {\"type\": \"ping\"}", events[1].Data);
        Assert.Equal(5, events.Count(e => e.Kind == StreamEventKind.Chunk));
        var usage = events[3].Usage!.Value;
        Assert.Equal((25, 5, 7), (usage.PromptTokens, usage.CacheCreationTokens, usage.CompletionTokens));
    }

    [Theory]
    [InlineData("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", ErrorCodes.UpstreamOverloaded)]
    [InlineData("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":1}}}\n\n", ErrorCodes.UpstreamError)]
    [InlineData("event: surprise\ndata: not json\n\n", ErrorCodes.UpstreamError)]
    public async Task Errors_and_cut_streams_fail_the_stream(string sse, string code)
    {
        var outcome = await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), Body.Replace("64,", "64,\"stream\":true,"));

        await using var stream = Assert.IsType<ChatStreaming>(outcome).Stream;
        var events = await stream.ReadAllAsync();

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Equal(code, events[^1].Error!.Code);
    }

    [Fact]
    public async Task A_body_that_is_not_a_message_is_a_retriable_failure()
    {
        var failed = Assert.IsType<ChatFailed>(await SendAsync(VerbatimHttpHandler.Status(HttpStatusCode.OK, "<html>"), Body));

        Assert.True(failed.Retriable);
    }
}
