using System.Net;
using System.Text;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>Responses requests sent to OpenAI as they came: only the model rewritten, the answer untranslated, usage read on the side.</summary>
public sealed class OpenAiResponsesPassThroughTests
{
    // A custom (freeform) tool and a reasoning item with encrypted content: nothing the chat translation could carry.
    private const string Body = """{"model":"gw","input":[{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAAB-opaque"},{"role":"user","content":"Patch it"}],"tools":[{"type":"custom","name":"apply_patch","description":"Apply a patch","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}}],"include":["reasoning.encrypted_content"],"store":false}""";

    private const string Answer = """{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-5-2025-08-07","output":[{"type":"custom_tool_call","id":"ctc_1","call_id":"call_1","name":"apply_patch","input":"*** Begin Patch"}],"usage":{"input_tokens":30,"input_tokens_details":{"cached_tokens":10},"output_tokens":8,"output_tokens_details":{"reasoning_tokens":5},"total_tokens":38}}""";

    private static OpenAiProvider Provider(VerbatimHttpHandler handler) =>
        new(TestData.OpenAi(type: ProviderTypes.OpenAi), new HttpClient(handler), TimeProvider.System);

    private static ChatCall Call(string body) =>
        new(ResponsesBodyParser.Parse(Encoding.UTF8.GetBytes(body), out _)!, new DeploymentSettings(TestData.ProviderName, "gpt-5"), TestData.RequestId);

    private static Task<ChatOutcome> SendAsync(VerbatimHttpHandler handler, string body) =>
        Provider(handler).SendResponseAsync(Call(body), CancellationToken.None);

    private static string Streamed(string body) => body.Replace("\"store\":false", "\"store\":false,\"stream\":true");

    [Fact]
    public async Task The_body_goes_to_the_responses_endpoint_with_only_the_model_rewritten()
    {
        var handler = VerbatimHttpHandler.Json(Answer);

        await SendAsync(handler, Body);

        var sent = handler.Request!;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://upstream.test/v1/responses", sent.Uri.ToString());
        Assert.Equal(Body.Replace("\"gw\"", "\"gpt-5\""), sent.BodyText);
        Assert.Equal("Bearer sk-test", sent.Header("Authorization"));
        Assert.Equal(TestData.RequestId, sent.Header("x-request-id"));
        Assert.Equal("application/json", sent.Header("Accept"));
    }

    [Fact]
    public async Task A_stream_is_asked_for_as_events_without_chat_stream_options()
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream(Event("response.completed", $$"""{"type":"response.completed","sequence_number":0,"response":{{Answer}}}""")));

        await SendAsync(handler, Streamed(Body));

        Assert.Equal(Streamed(Body).Replace("\"gw\"", "\"gpt-5\""), handler.Request!.BodyText);
        Assert.Equal("text/event-stream", handler.Request.Header("Accept"));
    }

    [Fact]
    public async Task The_response_comes_back_as_it_came_with_its_usage()
    {
        var completed = Assert.IsType<ChatCompleted>(await SendAsync(VerbatimHttpHandler.Json(Answer), Body));

        Assert.Equal(Answer, Encoding.UTF8.GetString(completed.Body.Span));
        Assert.Equal(new Core.Usage.TokenUsage(30, 8, 38, CachedPromptTokens: 10, ReasoningTokens: 5), completed.Usage);
    }

    [Fact]
    public async Task Stream_events_come_back_whole_and_usage_is_read_from_the_final_event()
    {
        var created = """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}}""";
        var delta = """{"type":"response.custom_tool_call_input.delta","sequence_number":1,"item_id":"ctc_1","output_index":0,"delta":"*** Begin"}""";
        var done = $$"""{"type":"response.completed","sequence_number":2,"response":{{Answer}}}""";
        var sse = Event("response.created", created) + Event("response.custom_tool_call_input.delta", delta) + Event("response.completed", done);

        var outcome = await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), Streamed(Body));

        await using var stream = outcome.AssertStreaming();
        var events = await stream.ReadAllAsync();
        Assert.Equal(
            [$"event: response.created\ndata: {created}", $"event: response.custom_tool_call_input.delta\ndata: {delta}", $"event: response.completed\ndata: {done}"],
            events.Where(e => e.Kind == StreamEventKind.Chunk).Select(e => e.Data));
        Assert.Equal(StreamEventKind.Done, events[^1].Kind);
        Assert.Equal(new Core.Usage.TokenUsage(30, 8, 38, CachedPromptTokens: 10, ReasoningTokens: 5), events[2].Usage);
        Assert.Null(events[0].Usage);
    }

    [Fact]
    public async Task A_failed_response_after_the_first_event_is_relayed_and_then_fails_the_stream()
    {
        var created = """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}}""";
        var failed = """{"type":"response.failed","sequence_number":1,"response":{"id":"resp_1","object":"response","status":"failed","error":{"code":"server_error","message":"The model broke"},"output":[]}}""";
        var outcome = await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(Event("response.created", created) + Event("response.failed", failed))), Streamed(Body));

        await using var stream = outcome.AssertStreaming();
        var events = await stream.ReadAllAsync();

        Assert.Equal([StreamEventKind.Chunk, StreamEventKind.Chunk, StreamEventKind.Failed], events.Select(e => e.Kind));
        Assert.Equal($"event: response.failed\ndata: {failed}", events[1].Data);
        Assert.Equal(ErrorCodes.UpstreamError, events[^1].Error!.Code);
        Assert.Contains("The model broke", events[^1].Error!.Message);
    }

    [Theory]
    [InlineData("event: error\ndata: {\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\",\"param\":null,\"sequence_number\":0}\n\n", 429)]
    [InlineData("event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"Boom\",\"param\":null,\"sequence_number\":0}\n\n", 502)]
    [InlineData("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\"}}\n\n", 502)]
    [InlineData("data: not json\n\n", 502)]
    public async Task In_band_errors_and_cut_streams_fail_the_stream(string sse, int status)
    {
        var outcome = await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), Streamed(Body));

        await using var stream = outcome.AssertStreaming();
        var events = await stream.ReadAllAsync();

        Assert.Equal(StreamEventKind.Failed, events[^1].Kind);
        Assert.Equal(status, events[^1].Error!.Status);
    }

    [Fact]
    public async Task An_error_as_the_first_event_fails_before_anything_is_relayed()
    {
        var sse = "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"Boom\",\"param\":null,\"sequence_number\":0}\n\n";
        var outcome = await SendAsync(new VerbatimHttpHandler(() => Responses.EventStream(sse)), Streamed(Body));

        await using var stream = outcome.AssertStreaming();
        var first = await stream.NextAsync();

        Assert.Equal(StreamEventKind.Failed, first.Kind);
    }

    [Fact]
    public async Task An_upstream_error_status_is_a_failure_read_as_openais()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.TooManyRequests, """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""");

        var failed = Assert.IsType<ChatFailed>(await SendAsync(handler, Body));

        Assert.Equal(429, failed.Error.Status);
        Assert.True(failed.Retriable);
    }

    [Fact]
    public async Task A_body_that_is_not_a_json_object_is_a_retriable_failure()
    {
        var failed = Assert.IsType<ChatFailed>(await SendAsync(VerbatimHttpHandler.Status(HttpStatusCode.OK, "<html>"), Body));

        Assert.True(failed.Retriable);
        Assert.Equal(ErrorCodes.UpstreamError, failed.Error.Code);
    }

    [Fact]
    public async Task Routes_on_a_stored_response_are_forwarded_with_the_query_and_answered_as_they_came()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.NotFound, """{"error":{"message":"No response found","type":"invalid_request_error","code":null}}""");

        var answer = await Provider(handler).ForwardAsync(HttpMethod.Get, "responses/resp_1/input_items", "?limit=2&order=asc", "req-9", CancellationToken.None);

        Assert.Equal(HttpMethod.Get, handler.Request!.Method);
        Assert.Equal("https://upstream.test/v1/responses/resp_1/input_items?limit=2&order=asc", handler.Request.Uri.ToString());
        Assert.Equal("Bearer sk-test", handler.Request.Header("Authorization"));
        Assert.Equal("req-9", handler.Request.Header("x-request-id"));
        Assert.Equal(404, answer.Status);
        Assert.Contains("No response found", Encoding.UTF8.GetString(answer.Body.Span));
        Assert.Null(answer.Failure);
    }

    [Fact]
    public async Task A_forwarded_call_that_cannot_connect_is_a_failure()
    {
        var handler = new VerbatimHttpHandler((_, _) => throw new HttpRequestException("connection refused"));

        var answer = await Provider(handler).ForwardAsync(HttpMethod.Delete, "responses/resp_1", "", "req-9", CancellationToken.None);

        Assert.Equal(ErrorCodes.UpstreamError, answer.Failure!.Code);
    }

    private static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";
}
