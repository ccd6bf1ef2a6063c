using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Chat;

/// <summary>Every failure answers in OpenAI's error shape with a stable code, the right status and the field named.</summary>
public sealed class ErrorTests : UpstreamTestBase
{
    protected override string Config(string upstreamBaseUrl) =>
        $"server:\n  listen: http://127.0.0.1:0\n  master_key: {TestGateway.MasterKey}\n  max_request_body_mb: 1\n"
        + UpstreamConfig.For(upstreamBaseUrl, timeouts: "timeouts: { first_byte_ms: 400, idle_ms: 400 }");

    [Theory]
    [InlineData("{\"model\":", 400, "invalid_json", null)]
    [InlineData("", 400, "invalid_json", null)]
    [InlineData("[1,2]", 400, "invalid_json", null)]
    [InlineData("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} trailing", 400, "invalid_json", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, "missing_required_parameter", "model")]
    [InlineData("{\"model\":\"gpt\"}", 400, "missing_required_parameter", "messages")]
    [InlineData("{\"model\":42,\"messages\":[]}", 400, "invalid_type", "model")]
    [InlineData("{\"model\":\"gpt\",\"messages\":\"hi\"}", 400, "invalid_type", "messages")]
    [InlineData("{\"model\":\"gpt\",\"messages\":[]}", 400, "invalid_value", "messages")]
    [InlineData("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", 400, "invalid_type", "stream")]
    [InlineData("{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 404, "model_not_found", "model")]
    public async Task Bad_requests_are_refused_before_any_upstream_call(string body, int status, string code, string? param)
    {
        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body));

        var error = await AssertErrorAsync(response, status, code);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Theory]
    [InlineData("{\"model\":\"gpt\",\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")]
    [InlineData("{\"model\":\"gpt\",\"messages\":[],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "messages")]
    public async Task A_repeated_field_the_gateway_reads_is_refused(string body, string param)
    {
        var error = await AssertErrorAsync(await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body)), 400, "invalid_value");

        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_a_400()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(ChatBodies.Simple("gpt")).Concat(new byte[] { 0xFF }).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        await AssertErrorAsync(await Gateway.Http.PostAsync("v1/chat/completions", content), 400, "invalid_json");
    }

    [Fact]
    public async Task A_lone_surrogate_escape_is_a_400_not_a_crash()
    {
        var body = """{"model":"demo","messages":[{"role":"user","content":"bad \ud800 text"}]}""";

        await AssertErrorAsync(await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body)), 400, "invalid_json");
    }

    [Fact]
    public async Task An_upstream_error_whose_text_is_not_valid_unicode_is_still_an_error_value()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400, """{"error":{"message":"bad \udc00 input"}}""");

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));

        await AssertErrorAsync(response, 502, "upstream_error");
    }

    [Fact]
    public async Task A_completion_with_error_null_is_a_completion()
    {
        var completion = OpenAiWire.Completion("fine").TrimEnd('}') + ",\"error\":null}";
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, completion);

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(completion, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Missing_and_wrong_keys_get_401()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.Http.BaseAddress };
        await AssertErrorAsync(await anonymous.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt"))), 401, "missing_api_key");

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "mg-not-a-real-key-000000000000");
        await AssertErrorAsync(await anonymous.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt"))), 401, "invalid_api_key");
        await AssertErrorAsync(await anonymous.GetAsync("v1/models"), 401, "invalid_api_key");

        anonymous.DefaultRequestHeaders.Authorization = new("Basic", TestGateway.MasterKey);
        await AssertErrorAsync(await anonymous.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt"))), 401, "invalid_api_key");
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Body_over_the_limit_gets_413_with_and_without_content_length()
    {
        var big = ChatBodies.Simple("gpt", extra: $",\"padding\":\"{new string('x', 1_200_000)}\"");
        await AssertErrorAsync(await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(big)), 413, "request_too_large");

        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await AssertErrorAsync(await Gateway.Http.SendAsync(request), 413, "request_too_large");
        Assert.Empty(Upstream.Requests);
    }

    [Theory]
    [InlineData(400, "invalid_value", 400, "invalid_value")]
    [InlineData(404, "model_not_found", 404, "model_not_found")]
    [InlineData(422, null, 422, "upstream_error")]
    [InlineData(500, null, 502, "upstream_error")]
    [InlineData(503, "overloaded", 502, "upstream_error")]
    [InlineData(401, "invalid_api_key", 502, "upstream_auth_failed")]
    public async Task Upstream_errors_keep_openai_shape(int upstreamStatus, string? upstreamCode, int status, string code)
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, upstreamStatus,
            OpenAiWire.Error("upstream says no", "invalid_request_error", "temperature", upstreamCode));

        var error = await AssertErrorAsync(await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt"))), status, code);

        Assert.Contains("upstream says no", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Upstream_429_keeps_retry_after()
    {
        Upstream.Handler = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "17";
            return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("Rate limit reached", "requests", null, "rate_limit_exceeded"));
        };

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));

        await AssertErrorAsync(response, 429, "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(17), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData("<html><body>Bad Gateway</body></html>", 200)]
    [InlineData("{\"id\":\"chatcmpl-1\",\"choices\":[", 200)]
    [InlineData("<html>nginx</html>", 404)]
    [InlineData("", 500)]
    public async Task Garbled_upstream_bodies_become_502_and_are_never_relayed(string body, int upstreamStatus)
    {
        Upstream.Handler = async (context, _) =>
        {
            context.Response.StatusCode = upstreamStatus;
            await context.Response.WriteAsync(body);
        };

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));

        await AssertErrorAsync(response, 502, "upstream_error");
    }

    [Fact]
    public async Task Unreachable_upstream_is_502()
    {
        var port = FreePort();
        await using var isolated = await TestGateway.StartAsync(UpstreamConfig.For($"http://127.0.0.1:{port}/v1"));

        var response = await isolated.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));

        var error = await AssertErrorAsync(response, 502, "upstream_error");
        Assert.Contains("'up'", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Slow_first_byte_is_504()
    {
        Upstream.Handler = (context, _) => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));

        await AssertErrorAsync(response, 504, "upstream_timeout");
    }

    [Fact]
    public async Task Wrong_method_and_unknown_path_answer_in_openai_shape()
    {
        await AssertErrorAsync(await Gateway.Http.GetAsync("v1/chat/completions"), 405, "method_not_allowed");
        await AssertErrorAsync(await Gateway.Http.PostAsync("v1/unknown", ChatBodies.Json("{}")), 404, "unknown_url");
    }

    internal static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"));
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.DoesNotContain("   at ", text); // no stack trace
        return error;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
