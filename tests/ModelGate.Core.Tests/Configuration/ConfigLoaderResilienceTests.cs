using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>Retries, deadlines, per-deployment timeouts and prices, the special fallback lists and a key's <c>route_override</c>.</summary>
public sealed class ConfigLoaderResilienceTests
{
    private const string Providers = """
        providers:
          openai:
            type: openai
            api_key: sk-test
            timeouts: { connect_ms: 2000, first_byte_ms: 30000, idle_ms: 15000, total_ms: 90000 }
        """;

    [Fact]
    public void WithoutSettingsTheRetryAndDeadlineDefaultsApply()
    {
        var routing = ConfigYaml.LoadValid(ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel).Routing;

        Assert.Equal(RetrySettings.Default, routing.Retry);
        Assert.Null(routing.RequestTimeout);
        Assert.Equal(TimeSpan.FromHours(1), routing.MaxRequestTimeout);
    }

    [Fact]
    public void RetriesAndTheRequestDeadlineAreRead()
    {
        var routing = ConfigYaml.LoadValid("""
            routing:
              retries: { max: 4, base_ms: 100, max_ms: 3000, budget_percent: 10, budget_min: 5 }
              request_timeout_ms: 120000
              max_request_timeout_ms: 300000
            """ + "\n" + ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel).Routing;

        Assert.Equal(new RetrySettings(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3), 0.1, 5), routing.Retry);
        Assert.Equal(TimeSpan.FromMinutes(2), routing.RequestTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), routing.MaxRequestTimeout);
    }

    [Theory]
    [InlineData("retries: { max: 11 }", "routing.retries.max")]
    [InlineData("retries: { base_ms: 500, max_ms: 100 }", "routing.retries.max_ms")]
    [InlineData("retries: { budget_percent: 150 }", "routing.retries.budget_percent")]
    [InlineData("request_timeout_ms: 5000\n  max_request_timeout_ms: 1000", "routing.request_timeout_ms")]
    public void OutOfRangeRetrySettingsAreReportedAtTheirPath(string settings, string path)
    {
        var error = ConfigYaml.SingleError("routing:\n  " + settings + "\n" + ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel);

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void ADeploymentOverridesItsProvidersTimeoutsAndKeepsTheRest()
    {
        var config = ConfigYaml.LoadValid(Providers + """

            models:
              demo:
                deployments:
                  - { provider: openai, model: a, timeouts: { first_byte_ms: 5000, total_ms: 20000 } }
                  - { provider: openai, model: b }
            """);

        var deployments = config.Models["demo"].Deployments;
        Assert.Equal(new TimeoutSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20)), deployments[0].Timeouts);
        Assert.Equal(config.Providers["openai"].Timeouts, deployments[1].Timeouts);
    }

    [Fact]
    public void ADeploymentMayNotSetTheConnectTimeout()
    {
        var error = ConfigYaml.SingleError(Providers + """

            models:
              demo:
                deployments:
                  - { provider: openai, model: a, timeouts: { connect_ms: 5000 } }
            """);

        Assert.Equal("models.demo.deployments[0].timeouts.connect_ms", error.Path);
        Assert.Contains("unknown field", error.Message);
    }

    [Fact]
    public void PricesAreReadAsDecimalsPerMillionTokens()
    {
        var config = ConfigYaml.LoadValid(Providers + """

            models:
              demo:
                deployments:
                  - { provider: openai, model: a, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
            """);

        Assert.Equal(new DeploymentPrice(0.15m, 0.6m), config.Models["demo"].Deployments[0].Price);
    }

    [Theory]
    [InlineData("{ input_per_mtok: 1 }", "models.demo.deployments[0].price.output_per_mtok")]
    [InlineData("{ input_per_mtok: -1, output_per_mtok: 1 }", "models.demo.deployments[0].price.input_per_mtok")]
    [InlineData("{ input_per_mtok: cheap, output_per_mtok: 1 }", "models.demo.deployments[0].price.input_per_mtok")]
    public void ABadPriceIsReportedAtItsPath(string price, string path)
    {
        var error = ConfigYaml.SingleError(Providers + $$"""

            models:
              demo:
                deployments:
                  - { provider: openai, model: a, price: {{price}} }
            """);

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void SpecialFallbackListsAreReadAndChecked()
    {
        var config = ConfigYaml.LoadValid(Providers + """

            models:
              short:
                context_window_fallbacks: [long]
                content_policy_fallbacks: [long]
                deployments: [{ provider: openai, model: a }]
              long:
                deployments: [{ provider: openai, model: b }]
            """);

        Assert.Equal(["long"], config.Models["short"].ContextWindowFallbacks);
        Assert.Equal(["long"], config.Models["short"].ContentPolicyFallbacks);
        Assert.Empty(config.Models["long"].ContextWindowFallbacks);
    }

    [Fact]
    public void ASpecialFallbackNamingNoModelIsReported()
    {
        var error = ConfigYaml.SingleError(Providers + """

            models:
              short:
                context_window_fallbacks: [huge]
                deployments: [{ provider: openai, model: a }]
            """);

        Assert.Equal("models.short.context_window_fallbacks[0]", error.Path);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(", route_override: true", true)]
    [InlineData(", route_override: false", false)]
    public void AKeyMayBeAllowedToSteerRouting(string field, bool expected)
    {
        var config = ConfigYaml.LoadValid($"keys:\n  - {{ name: k, key: mg-key-0123456789abcdefghij{field} }}\n" + Providers + "\n" + ConfigYaml.DemoModel);

        Assert.Equal(expected, Assert.Single(config.Keys).RouteOverride);
    }

    [Fact]
    public void RouteOverrideMustBeABoolean()
    {
        var error = ConfigYaml.SingleError("keys:\n  - { name: k, key: mg-key-0123456789abcdefghij, route_override: yes }\n" + Providers + "\n" + ConfigYaml.DemoModel);

        Assert.Equal("keys[0].route_override", error.Path);
    }

    [Fact]
    public void PriorityRegionAndTagsAreRead()
    {
        var config = ConfigYaml.LoadValid(Providers + """

            models:
              demo:
                deployments:
                  - { provider: openai, model: a, priority: 2, region: eu-west-1, tags: [batch, cheap] }
                  - { provider: openai, model: b }
            """);

        var (a, b) = (config.Models["demo"].Deployments[0], config.Models["demo"].Deployments[1]);
        Assert.Equal((2, "eu-west-1"), (a.Priority, a.Region));
        Assert.Equal(["batch", "cheap"], a.Tags);
        Assert.Equal((0, null, 0), (b.Priority, b.Region, b.Tags.Count));
    }

    [Fact]
    public void APriorityOutOfRangeIsReported()
    {
        var error = ConfigYaml.SingleError(Providers + """

            models:
              demo:
                deployments:
                  - { provider: openai, model: a, priority: -1 }
            """);

        Assert.Equal("models.demo.deployments[0].priority", error.Path);
    }
}
