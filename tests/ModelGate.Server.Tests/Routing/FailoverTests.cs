using System.Net;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Routing;

/// <summary>
/// Two fake upstreams behind one model: failures before the first byte move to the next deployment, repeated
/// failures cool a deployment down, fallbacks move to another model, and headers say what happened.
/// </summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private FakeUpstream primary = null!;
    private FakeUpstream secondary = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        primary = await FakeUpstream.StartAsync();
        secondary = await FakeUpstream.StartAsync();
        secondary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("from secondary"));
        gateway = await TestGateway.StartAsync($$"""
            routing:
              cooldown: { failures: 2, base_ms: 60000, max_ms: 600000 }
            providers:
              a: { type: openai-compatible, base_url: "{{primary.BaseUrl}}" }
              b: { type: openai-compatible, base_url: "{{secondary.BaseUrl}}" }
            models:
              gpt:
                deployments:
                  - { provider: a, model: gpt-a }
                  - { provider: b, model: gpt-b }
              solo:
                fallbacks: [backup]
                deployments:
                  - { provider: a, model: solo-a }
              backup:
                deployments:
                  - { provider: b, model: backup-b }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await primary.DisposeAsync();
        await secondary.DisposeAsync();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_retriable_failure_moves_to_the_next_deployment(int status)
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, status, OpenAiWire.Error("down", "server_error", null, null));

        var response = await PostAsync("gpt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("from secondary", await response.Content.ReadAsStringAsync());
        Assert.Equal("2", ResponseHeader.Of(response, "x-modelgate-attempts"));
        Assert.Equal("b/gpt-b", ResponseHeader.Of(response, "x-modelgate-deployment"));
        Assert.Equal("gpt-b", secondary.LastRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_client_error_is_answered_without_trying_elsewhere()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400, OpenAiWire.Error("bad temperature", "invalid_request_error", "temperature", null));

        var response = await PostAsync("gpt");

        await ErrorTests.AssertErrorAsync(response, 400, "upstream_error");
        Assert.Empty(secondary.Requests);
    }

    [Fact]
    public async Task A_stream_that_fails_before_its_first_event_moves_on_invisibly()
    {
        primary.Handler = (context, _) => { context.Abort(); return Task.CompletedTask; };
        secondary.Handler = (context, _) => OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("fine")]);

        var response = await PostAsync("gpt", stream: true);

        Assert.Equal([OpenAiWire.Chunk("fine"), "[DONE]"], ChatBodies.SseData(await response.Content.ReadAsStringAsync()));
        Assert.Equal("b/gpt-b", ResponseHeader.Of(response, "x-modelgate-deployment"));
    }

    [Fact]
    public async Task Repeated_failures_cool_a_deployment_down_so_it_is_skipped()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("down", "server_error", null, null));
        await PostAsync("gpt");
        await PostAsync("gpt");
        var triedBefore = primary.Requests.Count;

        var response = await PostAsync("gpt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(triedBefore, primary.Requests.Count);
        Assert.Equal("1", ResponseHeader.Of(response, "x-modelgate-attempts"));
    }

    [Fact]
    public async Task When_every_deployment_cools_down_the_answer_is_an_immediate_503_with_retry_after()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("down", "server_error", null, null));
        secondary.Handler = primary.Handler;
        await PostAsync("gpt");
        await PostAsync("gpt");
        var tried = primary.Requests.Count + secondary.Requests.Count;

        var response = await PostAsync("gpt");

        var error = await ErrorTests.AssertErrorAsync(response, 503, "no_deployment_available");
        Assert.Contains("'gpt'", error.GetProperty("message").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(tried, primary.Requests.Count + secondary.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_retry_after_cools_the_deployment_at_once()
    {
        primary.Handler = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "120";
            return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("slow down", "requests", null, "rate_limit_exceeded"));
        };
        await PostAsync("gpt");

        var response = await PostAsync("gpt");

        Assert.Single(primary.Requests);
        Assert.Equal("1", ResponseHeader.Of(response, "x-modelgate-attempts"));
    }

    [Fact]
    public async Task A_model_falls_back_to_its_fallback_model()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 502, OpenAiWire.Error("bad gateway", "server_error", null, null));

        var response = await PostAsync("solo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backup", ResponseHeader.Of(response, "x-modelgate-fallback"));
        Assert.Equal("backup-b", secondary.LastRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_requests_own_models_list_is_tried_in_order_and_never_sent_upstream()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("down", "server_error", null, null));
        var body = """{"model":"solo","models":["gpt"],"messages":[{"role":"user","content":"x"}]}""";

        var response = await gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gpt", ResponseHeader.Of(response, "x-modelgate-fallback"));
        Assert.Equal("b/gpt-b", ResponseHeader.Of(response, "x-modelgate-deployment"));
        Assert.All(primary.Requests.Concat(secondary.Requests), sent => Assert.False(sent.Json.TryGetProperty("models", out _)));
        Assert.DoesNotContain(secondary.Requests, sent => sent.Json.GetProperty("model").GetString() == "backup-b");
    }

    [Fact]
    public async Task A_models_list_naming_an_unknown_model_is_refused()
    {
        var body = """{"model":"gpt","models":["nope"],"messages":[{"role":"user","content":"x"}]}""";

        var response = await gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body));

        var error = await ErrorTests.AssertErrorAsync(response, 404, "model_not_found");
        Assert.Contains("'nope'", error.GetProperty("message").GetString());
        Assert.Empty(primary.Requests);
    }

    private Task<HttpResponseMessage> PostAsync(string model, bool stream = false) =>
        gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple(model, stream)));
}
