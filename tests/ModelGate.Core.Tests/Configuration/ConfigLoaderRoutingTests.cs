using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>The <c>routing:</c> section, a model's <c>strategy:</c> and <c>fallbacks:</c>, and a deployment's <c>weight:</c>.</summary>
public sealed class ConfigLoaderRoutingTests
{
    private const string TwoModels = ConfigYaml.OpenAiProvider + """

        models:
          demo:
            deployments:
              - provider: openai
                model: gpt-4o-mini
          big:
            deployments:
              - provider: openai
                model: gpt-4o
        """;

    private static string WithRouting(string routing) => routing + "\n" + ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel + "\n";

    [Fact]
    public void WithoutARoutingSectionTheDefaultsApply()
    {
        var config = ConfigYaml.LoadValid(ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel);

        Assert.Equal(CooldownSettings.Default, config.Routing.Cooldown);
        var model = config.Models["demo"];
        Assert.Equal("priority", model.Strategy);
        Assert.Empty(model.Fallbacks);
        Assert.Equal(1, Assert.Single(model.Deployments).Weight);
    }

    [Fact]
    public void RoutingSectionSetsTheCooldownAndTheDefaultStrategy()
    {
        var config = ConfigYaml.LoadValid(WithRouting("""
            routing:
              strategy: weighted
              cooldown:
                failures: 2
                base_ms: 1000
                max_ms: 60000
            """));

        Assert.Equal(new CooldownSettings(2, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), config.Routing.Cooldown);
        Assert.Equal("weighted", config.Models["demo"].Strategy);
    }

    [Fact]
    public void RoutingSectionInFlowStyleIsReadToo()
    {
        var config = ConfigYaml.LoadValid(WithRouting(
            "routing: { strategy: weighted, cooldown: { failures: 2, base_ms: 1000, max_ms: 60000 } }"));

        Assert.Equal(new CooldownSettings(2, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), config.Routing.Cooldown);
        Assert.Equal("weighted", config.Models["demo"].Strategy);
    }

    [Fact]
    public void CooldownFieldsLeftOutKeepTheirDefaults()
    {
        var config = ConfigYaml.LoadValid(WithRouting("routing:\n  cooldown:\n    failures: 7\n"));

        Assert.Equal(CooldownSettings.Default with { Failures = 7 }, config.Routing.Cooldown);
        Assert.Equal(RoutingStrategies.Default, config.Models["demo"].Strategy);
    }

    [Fact]
    public void StrategyAloneKeepsTheDefaultCooldown()
    {
        var config = ConfigYaml.LoadValid(WithRouting("routing:\n  strategy: least-busy\n"));

        Assert.Equal(CooldownSettings.Default, config.Routing.Cooldown);
        Assert.Equal("least-busy", config.Models["demo"].Strategy);
    }

    [Fact]
    public void BaseEqualToMaxIsAllowed()
    {
        var config = ConfigYaml.LoadValid(WithRouting("routing:\n  cooldown:\n    base_ms: 2000\n    max_ms: 2000\n"));

        Assert.Equal(TimeSpan.FromSeconds(2), config.Routing.Cooldown.Base);
        Assert.Equal(TimeSpan.FromSeconds(2), config.Routing.Cooldown.Max);
    }

    [Theory]
    [InlineData("priority")]
    [InlineData("weighted")]
    [InlineData("least-busy")]
    [InlineData("least-latency")]
    public void EveryKnownStrategyIsAccepted(string strategy)
    {
        var config = ConfigYaml.LoadValid(WithRouting($"routing:\n  strategy: {strategy}\n"));

        Assert.Equal(strategy, config.Models["demo"].Strategy);
    }

    [Fact]
    public void ModelsOwnStrategyOverridesTheDefault()
    {
        var config = ConfigYaml.LoadValid("""
            routing:
              strategy: weighted
            providers:
              openai:
                type: openai
                api_key: sk-test
            models:
              demo:
                strategy: least-latency
                deployments:
                  - provider: openai
                    model: gpt-4o-mini
              other:
                deployments:
                  - provider: openai
                    model: gpt-4o
            """);

        Assert.Equal("least-latency", config.Models["demo"].Strategy);
        Assert.Equal("weighted", config.Models["other"].Strategy);
    }

    [Fact]
    public void UnknownRoutingStrategyIsReportedWithTheKnownOnes()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  strategy: round-robin\n"));

        Assert.Equal("routing.strategy", error.Path);
        Assert.Contains("'round-robin'", error.Message);
        Assert.Contains("least-latency", error.Message);
        Assert.Contains("weighted", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void StrategyNamesAreCaseSensitive()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  strategy: Weighted\n"));

        Assert.Equal("routing.strategy", error.Path);
    }

    [Fact]
    public void UnknownModelStrategyIsReportedAtTheModel()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + """

            models:
              x:
                strategy: fastest
                deployments:
                  - provider: openai
                    model: gpt-4o
            """);

        Assert.Equal("models.x.strategy", error.Path);
        Assert.Contains("'fastest'", error.Message);
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void FallbacksAreReadInOrder()
    {
        var config = ConfigYaml.LoadValid(ConfigYaml.OpenAiProvider + """

            models:
              x:
                fallbacks: [b, a]
                deployments:
                  - provider: openai
                    model: gpt-4o
              a:
                deployments:
                  - provider: openai
                    model: gpt-4o-mini
              b:
                deployments:
                  - provider: openai
                    model: o3
            """);

        Assert.Equal(["b", "a"], config.Models["x"].Fallbacks);
        Assert.Empty(config.Models["a"].Fallbacks);
    }

    [Fact]
    public void FallbackMayNameAModelDefinedLater()
    {
        var config = ConfigYaml.LoadValid(ConfigYaml.OpenAiProvider + """

            models:
              x:
                fallbacks:
                  - later
                deployments:
                  - provider: openai
                    model: gpt-4o
              later:
                deployments:
                  - provider: openai
                    model: gpt-4o-mini
            """);

        Assert.Equal(["later"], config.Models["x"].Fallbacks);
    }

    [Fact]
    public void FallbackToAnUnknownModelIsReported()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + """

            models:
              x:
                deployments:
                  - provider: openai
                    model: gpt-4o
                fallbacks:
                  - nope
            """);

        Assert.Equal("models.x.fallbacks[0]", error.Path);
        Assert.Contains("names no model", error.Message);
        Assert.Contains("(have: x)", error.Message);
        Assert.Equal(11, error.Line);
    }

    [Fact]
    public void FallbackToItselfIsReported()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + """

            models:
              x:
                deployments:
                  - provider: openai
                    model: gpt-4o
                fallbacks: [x]
            """);

        Assert.Equal("models.x.fallbacks[0]", error.Path);
        Assert.Contains("itself", error.Message);
    }

    [Fact]
    public void EachBadFallbackIsReportedAtItsIndex()
    {
        var result = ConfigYaml.Load(TwoModels.Replace("  big:\n", "    fallbacks: [big, ghost, demo]\n  big:\n"));

        Assert.False(result.IsValid);
        Assert.Equal(["models.demo.fallbacks[1]", "models.demo.fallbacks[2]"], result.Errors.Select(e => e.Path).Order());
    }

    [Fact]
    public void FallbacksMustBeAList()
    {
        var error = ConfigYaml.SingleError(TwoModels.Replace("  big:\n", "    fallbacks: big\n  big:\n"));

        Assert.Equal("models.demo.fallbacks", error.Path);
        Assert.Contains("list", error.Message);
    }

    [Fact]
    public void WeightIsRead()
    {
        var config = ConfigYaml.LoadValid(ConfigYaml.OpenAiProvider + """

            models:
              x:
                strategy: weighted
                deployments:
                  - provider: openai
                    model: gpt-4o
                    weight: 3
                  - provider: openai
                    model: gpt-4o-mini
            """);

        Assert.Equal([3, 1], config.Models["x"].Deployments.Select(d => d.Weight));
        Assert.Equal(["openai/gpt-4o", "openai/gpt-4o-mini"], config.Models["x"].Deployments.Select(d => d.Key));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("heavy")]
    [InlineData("1000001")]
    public void WeightMustBeAPositiveWholeNumber(string weight)
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + $"""

            models:
              x:
                deployments:
                  - provider: openai
                    model: gpt-4o
                  - provider: openai
                    model: gpt-4o-mini
                    weight: {weight}
            """);

        Assert.Equal("models.x.deployments[1].weight", error.Path);
        Assert.Contains($"'{weight}'", error.Message);
        Assert.Equal(12, error.Line);
    }

    [Fact]
    public void MaxBelowBaseIsReported()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  cooldown:\n    base_ms: 10000\n    max_ms: 5000\n"));

        Assert.Equal("routing.cooldown.max_ms", error.Path);
        Assert.Contains("base_ms", error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void BaseAboveTheDefaultMaxNeedsAMax()
    {
        // The default max is 5 minutes: a longer base alone is reported at max_ms.
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  cooldown:\n    base_ms: 600000\n"));

        Assert.Equal("routing.cooldown.max_ms", error.Path);
    }

    [Theory]
    [InlineData("failures", "0")]
    [InlineData("failures", "1001")]
    [InlineData("failures", "two")]
    [InlineData("base_ms", "0")]
    [InlineData("base_ms", "-5")]
    [InlineData("max_ms", "0")]
    public void CooldownNumbersOutOfRangeAreReported(string field, string value)
    {
        var result = ConfigYaml.Load(WithRouting($"routing:\n  cooldown:\n    {field}: {value}\n"));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors, e => e.Path == $"routing.cooldown.{field}");
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void UnknownFieldUnderRoutingIsReported()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  strategy: weighted\n  retry: 3\n"));

        Assert.Equal("routing.retry", error.Path);
        Assert.Contains("unknown field", error.Message);
        Assert.Contains("retries", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void UnknownFieldUnderCooldownIsReported()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  cooldown:\n    base: 1000\n"));

        Assert.Equal("routing.cooldown.base", error.Path);
        Assert.Contains("base_ms, failures, max_ms", error.Message);
    }

    [Fact]
    public void RoutingMustBeAMapping()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing: weighted\n"));

        Assert.Equal("routing", error.Path);
    }

    [Fact]
    public void CooldownMustBeAMapping()
    {
        var error = ConfigYaml.SingleError(WithRouting("routing:\n  cooldown: 5000\n"));

        Assert.Equal("routing.cooldown", error.Path);
    }

    [Fact]
    public void UnknownFieldUnderADeploymentListsWeight()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + """

            models:
              x:
                deployments:
                  - provider: openai
                    model: gpt-4o
                    wieght: 2
            """);

        Assert.Equal("models.x.deployments[0].wieght", error.Path);
        Assert.Contains("weight", error.Message);
    }

    [Fact]
    public void UnknownFieldUnderAModelListsStrategyAndFallbacks()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + """

            models:
              x:
                fallback: [y]
                deployments:
                  - provider: openai
                    model: gpt-4o
            """);

        Assert.Equal("models.x.fallback", error.Path);
        Assert.Contains("deployments, fallbacks, strategy", error.Message);
    }
}
