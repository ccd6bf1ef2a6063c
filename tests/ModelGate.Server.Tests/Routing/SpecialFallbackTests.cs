using System.Net;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Routing;

/// <summary>
/// A prompt too long for the model goes to its <c>context_window_fallbacks</c>, a content-policy refusal to its
/// <c>content_policy_fallbacks</c>; the reason is in <c>x-modelgate-fallback-reason</c>. Without such a fallback the
/// client gets the provider's 400, with the code normalised.
/// </summary>
public sealed class SpecialFallbackTests : IAsyncLifetime
{
    private FakeUpstream small = null!;
    private FakeUpstream large = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        small = await FakeUpstream.StartAsync();
        large = await FakeUpstream.StartAsync();
        large.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("from the large model"));
        gateway = await TestGateway.StartAsync($$"""
            providers:
              small: { type: openai-compatible, base_url: "{{small.BaseUrl}}" }
              large: { type: openai-compatible, base_url: "{{large.BaseUrl}}" }
            models:
              short:
                fallbacks: [general]
                context_window_fallbacks: [long]
                content_policy_fallbacks: [lenient]
                deployments:
                  - { provider: small, model: short-1 }
                  - { provider: small, model: short-2 }
              plain:
                deployments:
                  - { provider: small, model: plain-1 }
              ping:
                content_policy_fallbacks: [pong]
                deployments:
                  - { provider: small, model: ping-1 }
              pong:
                content_policy_fallbacks: [ping]
                deployments:
                  - { provider: small, model: pong-1 }
              long:
                deployments:
                  - { provider: large, model: long-1 }
              lenient:
                deployments:
                  - { provider: large, model: lenient-1 }
              general:
                deployments:
                  - { provider: large, model: general-1 }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await small.DisposeAsync();
        await large.DisposeAsync();
    }

    // The providers' own wording, each of which must be recognised as a context-window failure.
    [Theory]
    [InlineData("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", "context_length_exceeded")]
    [InlineData("prompt is too long: 210000 tokens > 200000 maximum", null)]
    [InlineData("The input token count (1048580) exceeds the maximum number of tokens allowed (1048576).", null)]
    public async Task A_prompt_too_long_goes_to_the_context_window_fallback(string message, string? code)
    {
        small.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400, OpenAiWire.Error(message, "invalid_request_error", "messages", code));

        var response = await PostAsync("short");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("long", ResponseHeader.Of(response, "x-modelgate-fallback"));
        Assert.Equal("context_window", ResponseHeader.Of(response, "x-modelgate-fallback-reason"));
        Assert.Equal("long-1", large.LastRequest.Json.GetProperty("model").GetString());
        Assert.Single(small.Requests);
    }

    [Fact]
    public async Task A_content_policy_refusal_goes_to_the_content_policy_fallback()
    {
        small.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400,
            OpenAiWire.Error("The response was filtered due to the prompt triggering content management policy.", "invalid_request_error", "prompt", "content_filter"));

        var response = await PostAsync("short");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("lenient", ResponseHeader.Of(response, "x-modelgate-fallback"));
        Assert.Equal("content_policy", ResponseHeader.Of(response, "x-modelgate-fallback-reason"));
    }

    [Fact]
    public async Task Special_fallbacks_of_a_fallback_are_not_followed_so_two_models_naming_each_other_stop()
    {
        small.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400,
            OpenAiWire.Error("The response was filtered.", "invalid_request_error", "prompt", "content_filter"));

        var response = await PostAsync("ping");

        await ErrorTests.AssertErrorAsync(response, 400, "content_filter");
        Assert.Equal(["ping-1", "pong-1"], small.Requests.Select(sent => sent.Json.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task General_failures_go_to_the_general_fallback_with_reason_error()
    {
        small.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("down", "server_error", null, null));

        var response = await PostAsync("short");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("general", ResponseHeader.Of(response, "x-modelgate-fallback"));
        Assert.Equal("error", ResponseHeader.Of(response, "x-modelgate-fallback-reason"));
    }

    [Fact]
    public async Task Without_a_context_window_fallback_the_client_gets_the_normalised_400()
    {
        small.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400,
            """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}""");

        var response = await PostAsync("plain");

        var error = await ErrorTests.AssertErrorAsync(response, 400, "context_length_exceeded");
        Assert.Contains("prompt is too long", error.GetProperty("message").GetString());
        Assert.Empty(large.Requests);
    }

    private Task<HttpResponseMessage> PostAsync(string model) =>
        gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple(model)));
}
