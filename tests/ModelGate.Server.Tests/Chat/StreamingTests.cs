using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Chat;

/// <summary>Streams flow event by event; a failure after the first byte ends them with an in-band error and no [DONE].</summary>
public sealed class StreamingTests : UpstreamTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected override string Config(string upstreamBaseUrl) =>
        UpstreamConfig.For(upstreamBaseUrl, timeouts: "timeouts: { idle_ms: 500 }");

    [Fact]
    public async Task Client_reads_the_first_chunk_before_upstream_writes_the_last()
    {
        var releaseLast = new TaskCompletionSource();
        var lastWritten = new TaskCompletionSource();
        Upstream.Handler = async (context, _) =>
        {
            await OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("first")], done: false);
            await releaseLast.Task.WaitAsync(context.RequestAborted);
            await OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("last")]);
            lastWritten.SetResult();
        };

        using var response = await SendStreamAsync();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync().WaitAsync(Patience);
        Assert.Equal($"data: {OpenAiWire.Chunk("first")}", first);
        Assert.False(lastWritten.Task.IsCompleted);
        releaseLast.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(Patience);
        Assert.Contains(OpenAiWire.Chunk("last"), rest);
        Assert.EndsWith("data: [DONE]\n\n", rest);
    }

    [Fact]
    public async Task Connection_cut_mid_stream_ends_with_an_error_event_and_no_done()
    {
        var clientHasFirst = new TaskCompletionSource();
        Upstream.Handler = async (context, _) =>
        {
            await OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("partial")], done: false);
            await clientHasFirst.Task;
            context.Abort();
        };

        using var response = await SendStreamAsync();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal($"data: {OpenAiWire.Chunk(null, role: "assistant")}", await reader.ReadLineAsync().WaitAsync(Patience));
        clientHasFirst.SetResult();
        var events = ChatBodies.SseData((await reader.ReadToEndAsync().WaitAsync(Patience)).TrimStart('\n'));

        // A reset may discard bytes still in the gateway's socket buffer, so "partial" may or may not arrive;
        // what must hold is that the stream ends in an error event, never in [DONE].
        Assert.All(events[..^1], data => Assert.Equal(OpenAiWire.Chunk("partial"), data));
        AssertErrorEvent(events[^1], "upstream_error");
    }

    [Fact]
    public async Task Stream_that_ends_without_done_ends_with_an_error_event()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("cut"), OpenAiWire.Chunk("short")], done: false);

        var events = await ReadEventsAsync();

        Assert.Equal([OpenAiWire.Chunk("cut"), OpenAiWire.Chunk("short")], events[..2]);
        AssertErrorEvent(Assert.Single(events[2..]), "upstream_error");
    }

    [Fact]
    public async Task Stall_between_chunks_ends_with_a_timeout_error_event()
    {
        Upstream.Handler = async (context, _) =>
        {
            await OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("one")], done: false);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };

        var events = await ReadEventsAsync();

        Assert.Equal(OpenAiWire.Chunk("one"), events[0]);
        AssertErrorEvent(Assert.Single(events[1..]), "upstream_timeout");
    }

    [Fact]
    public async Task Garbage_event_mid_stream_is_not_relayed()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("ok"), "<<not json>>", OpenAiWire.Chunk("never")]);

        var events = await ReadEventsAsync();

        Assert.Equal(OpenAiWire.Chunk("ok"), events[0]);
        AssertErrorEvent(Assert.Single(events[1..]), "upstream_error");
    }

    [Fact]
    public async Task Failure_before_the_first_chunk_is_a_plain_http_error()
    {
        Upstream.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {broken\n\n");
        };

        using var response = await SendStreamAsync();

        await ErrorTests.AssertErrorAsync(response, 502, "upstream_error");
    }

    [Fact]
    public async Task Client_disconnect_cancels_the_upstream_request()
    {
        Upstream.Handler = async (context, _) =>
        {
            await OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("tick")], done: false);
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
        };

        // Default timeouts here, so only the client's going away can end the upstream call.
        await using var patient = await TestGateway.StartAsync(UpstreamConfig.For(Upstream.BaseUrl));
        using (var client = await RawHttpClient.ConnectAsync(patient.BaseUrl))
        {
            await client.SendPostAsync("/v1/chat/completions", TestGateway.MasterKey, ChatBodies.Simple("gpt", stream: true));
            Assert.Contains("data: ", await client.ReadUntilAsync("\n\n").WaitAsync(Patience));
        }

        await Upstream.Aborted.Task.WaitAsync(Patience);
        await WaitForLogAsync(patient, "outcome=client_disconnected");
    }

    [Fact]
    public async Task Client_disconnect_before_a_non_streaming_answer_cancels_the_upstream_request()
    {
        var started = new TaskCompletionSource();
        Upstream.Handler = async (context, _) =>
        {
            started.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
        };
        using var client = new HttpClient { BaseAddress = Gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestGateway.MasterKey);
        using var abandon = new CancellationTokenSource();

        var pending = client.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")), abandon.Token);
        await started.Task.WaitAsync(Patience);
        abandon.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        await Upstream.Aborted.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Mock_stream_failure_after_chunks_is_in_band()
    {
        await using var drill = await TestGateway.StartAsync("""
            providers:
              flaky: { type: mock, chunks: 5, fail_after_chunks: 2, fail_status: 500 }
            models:
              flaky:
                deployments:
                  - { provider: flaky, model: echo }
            """);

        var response = await drill.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("flaky", stream: true)));
        var events = ChatBodies.SseData(await response.Content.ReadAsStringAsync());

        Assert.Equal(3, events.Count);
        AssertErrorEvent(events[2], "upstream_error");
    }

    private async Task<HttpResponseMessage> SendStreamAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("gpt", stream: true)) };
        return await Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);
    }

    private async Task<List<string>> ReadEventsAsync()
    {
        using var response = await SendStreamAsync();
        Assert.Equal(200, (int)response.StatusCode);
        return ChatBodies.SseData(await response.Content.ReadAsStringAsync().WaitAsync(Patience)).ToList();
    }

    private static void AssertErrorEvent(string data, string code)
    {
        Assert.NotEqual("[DONE]", data);
        var error = JsonDocument.Parse(data).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    private static async Task WaitForLogAsync(TestGateway gateway, string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!gateway.Logs.All.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no log line with '{text}':\n{gateway.Logs.All}");
            await Task.Delay(50);
        }
    }
}
