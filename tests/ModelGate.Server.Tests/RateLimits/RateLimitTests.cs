using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Core.Routing;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.RateLimits;

/// <summary>Rate limits through the real host: keys and teams made with the admin API, a fake upstream, a mock.</summary>
public sealed class RateLimitTests : GovernedTestBase
{
    private const string StaticKey = "sk-static-limited-0123456789";

    protected override string Config(string upstreamBaseUrl) => $"""
        providers:
          up:
            type: openai-compatible
            base_url: {upstreamBaseUrl}
            api_key: {UpstreamConfig.ProviderKey}
          up2:
            type: openai-compatible
            base_url: {upstreamBaseUrl}
            api_key: {UpstreamConfig.ProviderKey}
          demo:
            type: mock
        models:
          gpt:
            deployments: [{"{"} provider: up, model: gpt-4o-mini {"}"}]
          demo:
            deployments: [{"{"} provider: demo, model: echo {"}"}]
          limited:
            deployments:
              - {"{"} provider: up, model: first, rpm: 1 {"}"}
              - {"{"} provider: up2, model: second {"}"}
        keys:
          - {"{"} name: static, key: {StaticKey}, rpm: 1 {"}"}
        """;

    private static void AssertRateLimited(HttpResponseMessage response, JsonElement body, string code, string message)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.True(int.Parse(Header(response, "retry-after")) >= 1);
    }

    [Fact]
    public async Task A_key_at_its_rpm_gets_a_429_naming_the_limit_with_retry_after_and_headers()
    {
        var key = await CreateKeyAsync(new { name = "notebook", rpm = 2 });

        var (first, _) = await PostAsync(key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2", Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal("1", Header(first, "x-ratelimit-remaining-requests"));
        Assert.Equal("1m0s", Header(first, "x-ratelimit-reset-requests"));
        Assert.Equal("", Header(first, "x-ratelimit-limit-tokens"));

        var (second, _) = await PostAsync(key);
        Assert.Equal("0", Header(second, "x-ratelimit-remaining-requests"));

        var (third, body) = await PostAsync(key);
        AssertRateLimited(third, body, "rpm_limit_exceeded", "key 'notebook' rpm limit of 2 reached");
        Assert.Equal("2", Header(third, "x-ratelimit-limit-requests"));
        Assert.Equal("0", Header(third, "x-ratelimit-remaining-requests"));
        Assert.InRange(int.Parse(Header(third, "retry-after")), 1, 60);
    }

    [Fact]
    public async Task No_limit_means_no_headers()
    {
        var (response, _) = await PostAsync(TestGateway.MasterKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_config_key_can_carry_limits()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(StaticKey)).Response.StatusCode);
        var (refused, body) = await PostAsync(StaticKey);
        AssertRateLimited(refused, body, "rpm_limit_exceeded", "key 'static' rpm limit of 1 reached");
    }

    [Fact]
    public async Task Tokens_are_reserved_by_estimate_and_settled_on_the_real_usage()
    {
        // The estimate: a quarter of the body's bytes, plus max_tokens; the upstream reports 29 tokens used.
        var body = ChatBodies.Simple("gpt", extra: ",\"max_tokens\":100");
        var estimate = body.Length / 4 + 100;
        var key = await CreateKeyAsync(new { name = "tokens", tpm = estimate + 60 });

        var (first, _) = await PostAsync(key, body: body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((estimate + 60).ToString(), Header(first, "x-ratelimit-limit-tokens"));
        Assert.Equal("60", Header(first, "x-ratelimit-remaining-tokens")); // reserved

        // Without settlement this one would not fit; with it, 29 + estimate of estimate + 60 are taken.
        var (second, _) = await PostAsync(key, body: body);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("31", Header(second, "x-ratelimit-remaining-tokens"));

        var (third, _) = await PostAsync(key, body: body);
        Assert.Equal("2", Header(third, "x-ratelimit-remaining-tokens"));

        var (fourth, error) = await PostAsync(key, body: body);
        AssertRateLimited(fourth, error, "tpm_limit_exceeded", $"key 'tokens' tpm limit of {estimate + 60} reached");
    }

    [Fact]
    public async Task An_inline_image_reserves_a_files_tokens_not_its_bytes()
    {
        // 400 KB of base64 would be 100,000 tokens by its bytes, refused for good by a 5,000 tpm limit.
        var url = "data:image/png;base64," + Convert.ToBase64String(new byte[300_000]);
        var body = $$$"""{"model":"gpt","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""";
        var estimate = (body.Length - url.Length) / 4 + TokenEstimate.EmbeddedFileTokens + 100;
        var key = await CreateKeyAsync(new { name = "pictures", tpm = 5_000 });

        var (response, _) = await PostAsync(key, body: body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((5_000 - estimate).ToString(), Header(response, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task Max_parallel_refuses_a_second_request_while_the_first_is_slow_and_frees_the_slot_after()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = async (context, _) =>
        {
            await gate.Task.WaitAsync(context.RequestAborted);
            await OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("slow"));
        };
        var key = await CreateKeyAsync(new { name = "one-at-a-time", max_parallel = 1 });

        var slow = PostAsync(key, "gpt");
        await WaitUntil(() => !Upstream.Requests.IsEmpty);
        var (refused, body) = await PostAsync(key, "gpt");
        AssertRateLimited(refused, body, "parallel_limit_exceeded", "key 'one-at-a-time' max_parallel limit of 1 reached");

        gate.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await slow).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(key, "gpt")).Response.StatusCode);
    }

    [Fact]
    public async Task A_client_that_disconnects_gives_its_parallel_slot_back()
    {
        var first = true;
        Upstream.Handler = async (context, _) =>
        {
            if (Interlocked.Exchange(ref first, false))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            await OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("quick"));
        };
        var key = await CreateKeyAsync(new { name = "leaver", max_parallel = 1 });

        using var leave = new CancellationTokenSource();
        var abandoned = PostAsync(key, "gpt", cancellation: leave.Token);
        await WaitUntil(() => !Upstream.Requests.IsEmpty);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(key, "gpt")).Response.StatusCode);

        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Upstream.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The gateway notices the disconnect and releases the slot; no request leaks it.
        await WaitUntil(async () => (await PostAsync(key, "gpt")).Response.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_team_limit_is_shared_by_its_keys()
    {
        var team = await CreateTeamAsync(new { name = "research", rpm = 2 });
        var a = await CreateKeyAsync(new { name = "a", team_id = team });
        var b = await CreateKeyAsync(new { name = "b", team_id = team, rpm = 100 });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(a)).Response.StatusCode);
        var (second, _) = await PostAsync(b);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("2", Header(second, "x-ratelimit-limit-requests")); // the team's, the tightest
        Assert.Equal("0", Header(second, "x-ratelimit-remaining-requests"));

        var (refused, body) = await PostAsync(a);
        AssertRateLimited(refused, body, "rpm_limit_exceeded", "team 'research' rpm limit of 2 reached");
    }

    [Fact]
    public async Task A_deployment_at_its_limit_is_passed_over_for_the_next()
    {
        var (first, _) = await PostAsync(TestGateway.MasterKey, "limited");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("up/first", Header(first, "x-modelgate-deployment"));

        var (second, _) = await PostAsync(TestGateway.MasterKey, "limited");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("up2/second", Header(second, "x-modelgate-deployment"));
        Assert.Equal("1", Header(second, "x-modelgate-attempts"));
    }

    [Fact]
    public async Task Messages_answers_over_the_limit_in_anthropics_shape()
    {
        var key = await CreateKeyAsync(new { name = "claude-user", rpm = 1 });
        const string body = """{"model":"demo","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(key, path: "v1/messages", body: body)).Response.StatusCode);

        var (refused, json) = await PostAsync(key, path: "v1/messages", body: body);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", json.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("key 'claude-user' rpm limit of 1 reached", json.GetProperty("error").GetProperty("message").GetString());
        Assert.NotEqual("", Header(refused, "retry-after"));
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining-requests"));
    }

    [Theory]
    [InlineData("v1/completions", """{"model":"demo","prompt":"Hi","max_tokens":5}""")]
    [InlineData("v1/responses", """{"model":"demo","input":"Hi"}""")]
    [InlineData("v1/embeddings", """{"model":"gpt","input":"Hi"}""")]
    public async Task Every_inference_endpoint_counts_against_the_limit(string path, string body)
    {
        var key = await CreateKeyAsync(new { name = "everywhere", rpm = 1 });
        var (first, _) = await PostAsync(key, path: path, body: body);
        Assert.Equal("0", Header(first, "x-ratelimit-remaining-requests"));

        var (refused, json) = await PostAsync(key, path: path, body: body);
        AssertRateLimited(refused, json, "rpm_limit_exceeded", "key 'everywhere' rpm limit of 1 reached");
    }
}
