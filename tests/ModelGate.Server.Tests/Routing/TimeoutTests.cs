using System.Net;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Routing;

/// <summary>
/// Deadlines: a deployment's total timeout moves a slow attempt to the next deployment; the request's deadline
/// (config or <c>x-modelgate-timeout-ms</c>) ends the whole request, before the first byte with a 504 and after it
/// with an in-band error event.
/// </summary>
public sealed class TimeoutTests : IAsyncLifetime
{
    private FakeUpstream slow = null!;
    private FakeUpstream fast = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        slow = await FakeUpstream.StartAsync();
        fast = await FakeUpstream.StartAsync();
        fast.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("fast answer"));
        gateway = await TestGateway.StartAsync($$"""
            routing:
              retries: { max: 0 }
              max_request_timeout_ms: 60000
            providers:
              slow: { type: openai-compatible, base_url: "{{slow.BaseUrl}}" }
              fast: { type: openai-compatible, base_url: "{{fast.BaseUrl}}" }
            models:
              gpt:
                deployments:
                  - { provider: slow, model: slow-model, timeouts: { total_ms: 1000 } }
                  - { provider: fast, model: fast-model }
              only-slow:
                deployments:
                  - { provider: slow, model: slow-model-2 }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await slow.DisposeAsync();
        await fast.DisposeAsync();
    }

    [Fact]
    public async Task A_deployment_slower_than_its_total_timeout_gives_way_to_the_next()
    {
        slow.Handler = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            await OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("too late"));
        };

        var response = await PostAsync("gpt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("fast answer", await response.Content.ReadAsStringAsync());
        Assert.Equal("fast/fast-model", ResponseHeader.Of(response, "x-modelgate-deployment"));
        Assert.Single(slow.Requests);
        await slow.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_request_deadline_header_ends_a_hanging_request_with_a_504()
    {
        slow.Handler = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);

        var response = await PostAsync("only-slow", timeoutMs: "400");

        var error = await ErrorTests.AssertErrorAsync(response, 504, "request_timeout");
        Assert.Contains("400 ms", error.GetProperty("message").GetString());
        await slow.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stream_outliving_the_request_deadline_ends_with_an_error_event_and_no_done()
    {
        slow.Handler = (context, _) => OpenAiWire.WriteSseAsync(context,
            [OpenAiWire.Chunk("one", role: "assistant"), OpenAiWire.Chunk("two"), OpenAiWire.Chunk("three")], delay: TimeSpan.FromMilliseconds(400));

        var response = await PostAsync("only-slow", stream: true, timeoutMs: "600");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = ChatBodies.SseData(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("[DONE]", events);
        Assert.Contains("request_timeout", events[^1]);
    }

    [Fact]
    public async Task Streams_cut_by_the_callers_own_deadline_do_not_cool_the_deployment_down()
    {
        slow.Handler = (context, _) => OpenAiWire.WriteSseAsync(context,
            [OpenAiWire.Chunk("one", role: "assistant"), OpenAiWire.Chunk("two")], delay: TimeSpan.FromMilliseconds(300));
        for (var i = 0; i < 4; i++)
        {
            await (await PostAsync("only-slow", stream: true, timeoutMs: "150")).Content.ReadAsStringAsync();
        }

        var response = await PostAsync("only-slow", stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("[DONE]", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("60001")]
    public async Task A_bad_deadline_header_is_a_400_naming_it(string value)
    {
        var response = await PostAsync("gpt", timeoutMs: value);

        var error = await ErrorTests.AssertErrorAsync(response, 400, "invalid_value");
        Assert.Equal("x-modelgate-timeout-ms", error.GetProperty("param").GetString());
        Assert.Empty(slow.Requests);
    }

    private Task<HttpResponseMessage> PostAsync(string model, bool stream = false, string? timeoutMs = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple(model, stream)) };
        if (timeoutMs is not null)
        {
            request.Headers.Add("x-modelgate-timeout-ms", timeoutMs);
        }

        return gateway.Http.SendAsync(request);
    }
}
