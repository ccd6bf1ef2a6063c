using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;
using ModelGate.Core.Routing.Strategies;

namespace ModelGate.Core.Tests.Routing;

public sealed class LowestCostStrategyTests
{
    private static readonly DeploymentSettings Cheap = new("groq", "llama", Price: new DeploymentPrice(0.05m, 0.08m));
    private static readonly DeploymentSettings Mid = new("openai", "gpt-4o-mini", Price: new DeploymentPrice(0.15m, 0.60m));
    private static readonly DeploymentSettings Dear = new("openai", "gpt-4o", Price: new DeploymentPrice(2.50m, 10m));
    private static readonly DeploymentSettings Unknown = new("local", "mystery");

    // Cheap on input, dear on output: which one wins depends on the request.
    private static readonly DeploymentSettings ReadHeavy = new("a", "read", Price: new DeploymentPrice(0.10m, 20m));
    private static readonly DeploymentSettings WriteHeavy = new("b", "write", Price: new DeploymentPrice(3m, 1m));

    private static RoutingContext Context(TokenEstimate tokens) =>
        new(new InMemoryDeploymentHealth(() => CooldownSettings.Default, new FakeTimeProvider()), new Random(1)) { Tokens = tokens };

    [Fact]
    public void CheapestComesFirstAndAnUnknownPriceLast()
    {
        var order = new LowestCostStrategy().Order([Unknown, Dear, Cheap, Mid], Context(new TokenEstimate(1000, 500)));

        Assert.Equal([Cheap, Mid, Dear, Unknown], order);
    }

    [Fact]
    public void TheRequestsSizeDecidesBetweenInputAndOutputPrices()
    {
        var strategy = new LowestCostStrategy();

        Assert.Equal(ReadHeavy, strategy.Order([WriteHeavy, ReadHeavy], Context(new TokenEstimate(100_000, 10)))[0]);
        Assert.Equal(WriteHeavy, strategy.Order([ReadHeavy, WriteHeavy], Context(new TokenEstimate(100, 4000)))[0]);
    }

    [Fact]
    public void TiesKeepTheConfiguredOrder()
    {
        var twin = Cheap with { Provider = "together" };

        Assert.Equal([twin, Cheap], new LowestCostStrategy().Order([twin, Cheap], Context(new TokenEstimate(10, 10))));
        Assert.Equal([Unknown, twin with { Price = null }], new LowestCostStrategy().Order([Unknown, twin with { Price = null }], Context(default)));
    }
}
