using System.Net;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Routing;

/// <summary>
/// Retry rounds: after every deployment failed transiently the gateway waits (full-jitter backoff, or the
/// provider's retry-after) and tries again, never past the request's deadline; failures a retry would repeat are
/// not retried on that deployment.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        gateway = await TestGateway.StartAsync($$"""
            routing:
              cooldown: { failures: 10, base_ms: 60000, max_ms: 600000 }
              retries: { max: 2, base_ms: 1, max_ms: 2000 }
            providers:
              a: { type: openai-compatible, base_url: "{{upstream.BaseUrl}}" }
            models:
              solo:
                deployments:
                  - { provider: a, model: solo-a }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_transient_failure_on_a_single_deployment_is_retried()
    {
        var calls = 0;
        upstream.Handler = (context, _) => Interlocked.Increment(ref calls) == 1
            ? OpenAiWire.WriteJsonAsync(context, 502, OpenAiWire.Error("bad gateway", "server_error", null, null))
            : OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("second time lucky"));

        var response = await PostAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("second time lucky", await response.Content.ReadAsStringAsync());
        Assert.Equal("2", ResponseHeader.Of(response, "x-modelgate-attempts"));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_rounds_and_the_last_error_is_answered()
    {
        upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("still down", "server_error", null, null));

        var response = await PostAsync();

        var error = await ErrorTests.AssertErrorAsync(response, 502, "upstream_error");
        Assert.Contains("still down", error.GetProperty("message").GetString());
        Assert.Equal(3, upstream.Requests.Count);
        Assert.Equal("3", ResponseHeader.Of(response, "x-modelgate-attempts"));
    }

    [Fact]
    public async Task A_short_retry_after_is_waited_for_before_the_retry()
    {
        var calls = 0;
        var times = new List<DateTimeOffset>();
        upstream.Handler = (context, _) =>
        {
            lock (times)
            {
                times.Add(DateTimeOffset.UtcNow);
            }

            if (Interlocked.Increment(ref calls) > 1)
            {
                return OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("after waiting"));
            }

            context.Response.Headers["retry-after-ms"] = "400";
            return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("slow down", "requests", null, "rate_limit_exceeded"));
        };

        var response = await PostAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(350), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_backoff_cap_is_answered_at_once()
    {
        upstream.Handler = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "30";
            return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("slow down", "requests", null, "rate_limit_exceeded"));
        };

        var response = await PostAsync();

        await ErrorTests.AssertErrorAsync(response, 429, "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task A_retry_never_sleeps_past_the_request_deadline()
    {
        upstream.Handler = (context, _) =>
        {
            // The wait asked for (1.8 s, under the 2 s backoff cap) ends past the request's deadline (1.5 s): not taken.
            context.Response.Headers["retry-after-ms"] = "1800";
            return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("slow down", "requests", null, "rate_limit_exceeded"));
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("solo")) };
        request.Headers.Add("x-modelgate-timeout-ms", "1500");

        var response = await gateway.Http.SendAsync(request);

        await ErrorTests.AssertErrorAsync(response, 429, "rate_limit_exceeded");
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task A_provider_auth_failure_is_not_retried_on_the_same_deployment()
    {
        upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 401, OpenAiWire.Error("bad key", "invalid_request_error", null, "invalid_api_key"));

        var response = await PostAsync();

        await ErrorTests.AssertErrorAsync(response, 502, "upstream_auth_failed");
        Assert.Single(upstream.Requests);
    }

    private Task<HttpResponseMessage> PostAsync() =>
        gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("solo")));
}
