using System.Net;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Messages;

/// <summary>Every error on <c>/v1/messages</c> in Anthropic's shape, with its status, type, <c>request-id</c> and <c>retry-after</c>.</summary>
public sealed class MessagesErrorTests : MessagesTestBase
{
    private const string Hello = """{"model":"claude","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""";

    /// <summary>Checks the exact body, and that the request id in it is the one in both headers.</summary>
    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var requestId = ResponseHeader.Of(response, "request-id");
        Assert.Equal(requestId, ResponseHeader.Of(response, "x-request-id"));
        var body = await response.Content.ReadAsStringAsync();
        var expected = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "error",
            ["error"] = new Dictionary<string, string> { ["type"] = type, ["message"] = message },
            ["request_id"] = requestId,
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task Bad_key_is_a_401_authentication_error()
    {
        using var response = await PostAsync("/v1/messages", Hello, apiKey: "sk-wrong");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "Incorrect API key provided.");
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Missing_key_names_both_ways_to_send_one()
    {
        using var response = await PostAsync("/v1/messages", Hello, apiKey: null);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error",
            "No API key provided. Send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'.");
    }

    [Fact]
    public async Task The_sdk_sees_a_bad_key_as_unauthorized()
    {
        var error = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => Sdk("sk-wrong").Messages.Create(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 10,
            Messages = [new UserMessageParam("Hi")],
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("authentication_error", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_key_works_too()
    {
        Upstream.Handler = (context, _) => AnthropicWire.WriteTextAsync(context, "Hi", new(5, 1));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.BaseUrl + "/v1/messages")
        {
            Content = new StringContent(Hello, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", TestGateway.MasterKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ResponseHeader.Of(response, "x-request-id"), ResponseHeader.Of(response, "request-id"));
    }

    [Fact]
    public async Task Missing_max_tokens_is_a_400_naming_the_field()
    {
        using var response = await PostAsync("/v1/messages", """{"model":"claude","messages":[{"role":"user","content":"Hi"}]}""");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "Missing required parameter: 'max_tokens'.");
    }

    [Fact]
    public async Task A_bad_block_is_a_400_naming_its_path()
    {
        using var response = await PostAsync("/v1/messages",
            """{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png"}}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("messages[0].content[0].source.data", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_a_404_not_found_error()
    {
        using var response = await PostAsync("/v1/messages", """{"model":"nope","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found_error", "The model 'nope' does not exist or you do not have access to it.");
    }

    [Fact]
    public async Task Upstream_rate_limit_is_a_429_with_retry_after()
    {
        Upstream.Handler = (context, _) => AnthropicWire.WriteRateLimitAsync(context, "Number of request tokens has exceeded your per-minute rate limit");

        using var response = await PostAsync("/v1/messages", Hello);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("3", response.Headers.RetryAfter?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate_limit_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("per-minute rate limit", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(ResponseHeader.Of(response, "request-id"), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task The_sdk_sees_an_upstream_rate_limit_as_one()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error("Rate limit reached", "requests", null, "rate_limit_exceeded"));

        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => Sdk().Messages.Create(new MessageCreateParams
        {
            Model = Gpt,
            MaxTokens = 10,
            Messages = [new UserMessageParam("Hi")],
        }));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
    }

    [Fact]
    public async Task Upstream_overloaded_is_an_overloaded_error()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 529,
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");

        using var response = await PostAsync("/v1/messages", Hello);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("overloaded_error", error.GetProperty("type").GetString());
        Assert.Contains("Overloaded", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_deployment_cooling_down_is_a_503_overloaded_error_with_retry_after()
    {
        Upstream.Handler = (context, _) => AnthropicWire.WriteRateLimitAsync(context, "slow down");
        using (await PostAsync("/v1/messages", Hello))
        {
        }

        using var response = await PostAsync("/v1/messages", Hello);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("overloaded_error", error.GetProperty("type").GetString());
        Assert.Contains("cooling down", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task A_stream_cut_after_its_first_byte_ends_with_an_error_event_and_no_message_stop()
    {
        // The upstream's stream ends without [DONE]: cut short after the client had its first bytes.
        Upstream.Handler = (context, _) =>
            OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("Hel")], done: false);

        using var response = await PostAsync("/v1/messages",
            """{"model":"gpt","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = ParseSse(body);
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "error"], events.Select(e => e.Event));
        var error = JsonDocument.Parse(events[^1].Data).RootElement;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("api_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain("message_stop", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anthropic_upstream_error_event_mid_stream_is_passed_on_as_overloaded()
    {
        Upstream.Handler = (context, _) => WriteAnthropicSseAsync(context,
        [
            """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}""",
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
        ]);

        using var response = await PostAsync("/v1/messages",
            """{"model":"claude","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");
        var events = ParseSse(await response.Content.ReadAsStringAsync());

        Assert.Equal("error", events[^1].Event);
        Assert.Equal("overloaded_error", JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain(events, e => e.Event == "message_stop");
    }

    [Fact]
    public async Task Wrong_method_is_anthropic_shaped()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(Gateway.BaseUrl + "/v1/messages");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Each_request_writes_one_log_line()
    {
        Upstream.Handler = (context, _) => AnthropicWire.WriteTextAsync(context, "Hi", new(5, 1));

        using var response = await PostAsync("/v1/messages", Hello);
        var requestId = ResponseHeader.Of(response, "request-id");

        var line = Assert.Single(Gateway.Logs.Lines, l => l.Contains($"messages {requestId} ", StringComparison.Ordinal));
        Assert.Contains("model=claude deployment=anthropic/claude-sonnet-4-5 status=200 outcome=ok", line, StringComparison.Ordinal);
        Assert.Contains("prompt_tokens=5 completion_tokens=1", line, StringComparison.Ordinal);
    }
}
