using System.Net;
using System.Net.Http.Headers;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Routing;

/// <summary>
/// <c>x-modelgate-route</c>: a key with <c>route_override</c> (or the master key) may choose the strategy or pin one
/// deployment for a request; any other key is refused, and a bad value is a 400 naming the header.
/// </summary>
public sealed class RouteOverrideTests : IAsyncLifetime
{
    private const string PlainKey = "mg-plain-key-0123456789abcdefgh";
    private const string SteeringKey = "mg-steer-key-0123456789abcdefgh";

    private FakeUpstream first = null!;
    private FakeUpstream second = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        first = await FakeUpstream.StartAsync();
        second = await FakeUpstream.StartAsync();
        first.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("from first"));
        second.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("from second"));
        gateway = await TestGateway.StartAsync($$"""
            keys:
              - { name: plain, key: "{{PlainKey}}" }
              - { name: steering, key: "{{SteeringKey}}", route_override: true }
            providers:
              one: { type: openai-compatible, base_url: "{{first.BaseUrl}}" }
              two: { type: openai-compatible, base_url: "{{second.BaseUrl}}" }
              cat-one: { type: openai, api_key: sk-test, base_url: "{{first.BaseUrl}}" }
              cat-two: { type: openai, api_key: sk-test, base_url: "{{second.BaseUrl}}" }
            models:
              gpt:
                fallbacks: [other]
                deployments:
                  - { provider: one, model: gpt-1, region: eu, price: { input_per_mtok: 5, output_per_mtok: 15 } }
                  - { provider: two, model: gpt-2, region: us, tags: [batch], price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
              other:
                deployments:
                  - { provider: two, model: other-2, region: us }
              catalog:
                deployments:
                  - { provider: cat-one, model: gpt-4o }
                  - { provider: cat-two, model: gpt-4o-mini }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_permitted_key_may_choose_the_lowest_cost_strategy()
    {
        var response = await PostAsync(SteeringKey, "lowest-cost");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("two/gpt-2", ResponseHeader.Of(response, "x-modelgate-deployment"));
    }

    [Fact]
    public async Task Lowest_cost_uses_the_shipped_prices_when_config_names_none()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("catalog")) };
        request.Headers.Add("x-modelgate-route", "lowest-cost");

        var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cat-two/gpt-4o-mini", ResponseHeader.Of(response, "x-modelgate-deployment"));
    }

    [Fact]
    public async Task A_pinned_deployment_is_the_only_one_tried()
    {
        first.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("down", "server_error", null, null));

        var response = await PostAsync(TestGateway.MasterKey, "deployment=one/gpt-1");

        await ErrorTests.AssertErrorAsync(response, 502, "upstream_error");
        Assert.Empty(second.Requests);
    }

    [Fact]
    public async Task A_region_keeps_the_request_and_its_fallbacks_in_that_region()
    {
        first.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("down", "server_error", null, null));

        var response = await PostAsync(SteeringKey, "region=eu");

        await ErrorTests.AssertErrorAsync(response, 502, "upstream_error");
        Assert.Empty(second.Requests);
    }

    [Fact]
    public async Task A_tag_and_a_strategy_combine()
    {
        var response = await PostAsync(SteeringKey, "tag=batch; least-busy");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("two/gpt-2", ResponseHeader.Of(response, "x-modelgate-deployment"));
        Assert.Empty(first.Requests);
    }

    [Fact]
    public async Task A_key_without_route_override_is_refused_with_403()
    {
        var response = await PostAsync(PlainKey, "lowest-cost");

        var error = await ErrorTests.AssertErrorAsync(response, 403, "route_override_not_allowed");
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Empty(first.Requests);
    }

    [Theory]
    [InlineData("cheapest")]
    [InlineData("deployment=two/other-2")]
    [InlineData("region=asia")]
    public async Task A_bad_route_is_a_400_naming_the_header(string value)
    {
        var response = await PostAsync(SteeringKey, value);

        var error = await ErrorTests.AssertErrorAsync(response, 400, "invalid_value");
        Assert.Equal("x-modelgate-route", error.GetProperty("param").GetString());
    }

    private Task<HttpResponseMessage> PostAsync(string key, string route)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("gpt")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("x-modelgate-route", route);
        return gateway.Http.SendAsync(request);
    }
}
