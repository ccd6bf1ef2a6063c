using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Routing;
using ModelGate.Core.Routing.Strategies;

namespace ModelGate.Core.Tests.Routing;

/// <summary>Each strategy's order, with a fixed-seed random source and real (in-memory) health.</summary>
public sealed class RoutingStrategyTests
{
    private const int Seed = 20250101;

    private static readonly DeploymentSettings A = new("openai", "gpt-4o");
    private static readonly DeploymentSettings B = new("azure", "gpt-4o");
    private static readonly DeploymentSettings C = new("local", "llama");
    private static readonly DeploymentSettings D = new("mock", "echo");
    private static readonly DeploymentSettings E = new("groq", "llama");

    private readonly InMemoryDeploymentHealth health =
        new(() => CooldownSettings.Default, new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    private RoutingContext Context(int seed = Seed) => new(health, new Random(seed));

    /// <summary>Takes <paramref name="count"/> slots on the deployment and leaves them in flight.</summary>
    private void Busy(DeploymentSettings deployment, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(health.TryAdmit(deployment.Key, out _, out _));
        }
    }

    /// <summary>Gives the deployment a latency average of exactly <paramref name="ms"/> (one sample).</summary>
    private void Latency(DeploymentSettings deployment, double ms)
    {
        Assert.True(health.TryAdmit(deployment.Key, out _, out _));
        health.Complete(deployment.Key, new AttemptResult(AttemptKind.Success, TimeSpan.FromMilliseconds(ms)));
    }

    /// <summary>How often each deployment comes first over <paramref name="draws"/> orders.</summary>
    private static Dictionary<DeploymentSettings, double> FirstShares(
        IRoutingStrategy strategy, IReadOnlyList<DeploymentSettings> deployments, RoutingContext context, int draws = 20_000)
    {
        var counts = deployments.ToDictionary(d => d, _ => 0);
        for (var i = 0; i < draws; i++)
        {
            counts[strategy.Order(deployments, context)[0]]++;
        }

        return counts.ToDictionary(pair => pair.Key, pair => (double)pair.Value / draws);
    }

    private static void AssertIsPermutation(IReadOnlyList<DeploymentSettings> deployments, IReadOnlyList<DeploymentSettings> order)
    {
        Assert.Equal(deployments.Count, order.Count);
        Assert.Equal(deployments.OrderBy(d => d.Key), order.OrderBy(d => d.Key));
    }

    // ---- registry ----

    [Fact]
    public void RegistryKnowsTheFiveStrategiesByTheirConfigNames()
    {
        Assert.Equal(["least-busy", "least-latency", "lowest-cost", "priority", "weighted"], RoutingStrategies.ByName.Keys.Order());
        Assert.All(RoutingStrategies.ByName, pair => Assert.Equal(pair.Key, pair.Value.Name));
        Assert.IsType<PriorityStrategy>(RoutingStrategies.ByName["priority"]);
        Assert.IsType<WeightedStrategy>(RoutingStrategies.ByName["weighted"]);
        Assert.IsType<LeastBusyStrategy>(RoutingStrategies.ByName["least-busy"]);
        Assert.IsType<LeastLatencyStrategy>(RoutingStrategies.ByName["least-latency"]);
    }

    [Fact]
    public void DefaultStrategyIsPriorityAndNamesAreCaseSensitive()
    {
        Assert.Equal("priority", RoutingStrategies.Default);
        Assert.True(RoutingStrategies.ByName.ContainsKey(RoutingStrategies.Default));
        Assert.False(RoutingStrategies.ByName.ContainsKey("Priority"));
    }

    [Fact]
    public void DeploymentKeyIsProviderSlashModelAndWeightDefaultsToOne()
    {
        Assert.Equal("openai/gpt-4o", A.Key);
        Assert.Equal(1, A.Weight);
        Assert.Equal(new DeploymentSettings("openai", "gpt-4o", 5).Key, A.Key);
    }

    [Fact]
    public void PriorityOrdersByPriorityThenAsWritten()
    {
        DeploymentSettings[] deployments = [A with { Priority = 2 }, B with { Priority = 1 }, C with { Priority = 2 }, D with { Priority = 1 }];

        Assert.Equal([deployments[1], deployments[3], deployments[0], deployments[2]], new PriorityStrategy().Order(deployments, Context()));
    }

    // ---- every strategy ----

    public static TheoryData<string> StrategyNames => new(RoutingStrategies.ByName.Keys);

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void SingleDeploymentIsTheWholeOrder(string name)
    {
        var order = RoutingStrategies.ByName[name].Order([A], Context());

        Assert.Equal([A], order);
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void EveryOrderHoldsEveryDeploymentExactlyOnce(string name)
    {
        DeploymentSettings[] deployments = [A, B with { Weight = 3 }, C, D with { Weight = 10 }, E];
        Latency(A, 40);
        Latency(C, 5);
        Latency(E, 300);
        Busy(B, 2);
        var context = Context();

        for (var i = 0; i < 2_000; i++)
        {
            AssertIsPermutation(deployments, RoutingStrategies.ByName[name].Order(deployments, context));
        }
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void OrderDoesNotChangeTheConfiguredList(string name)
    {
        DeploymentSettings[] deployments = [A, B, C];
        Latency(C, 1);
        Busy(A, 3);

        RoutingStrategies.ByName[name].Order(deployments, Context());

        Assert.Equal([A, B, C], deployments);
    }

    // ---- priority ----

    [Fact]
    public void PriorityKeepsTheConfiguredOrder()
    {
        DeploymentSettings[] deployments = [C, A, B];
        Busy(C, 10);
        Latency(B, 1);
        Latency(C, 900);

        Assert.Equal([C, A, B], new PriorityStrategy().Order(deployments, Context()));
    }

    // ---- weighted ----

    [Fact]
    public void WeightedPutsEachFirstInProportionToItsWeight()
    {
        var heavy = A with { Weight = 3 };
        var light = B with { Weight = 1 };

        var shares = FirstShares(new WeightedStrategy(), [heavy, light], Context());

        Assert.InRange(shares[heavy], 0.73, 0.77);
        Assert.InRange(shares[light], 0.23, 0.27);
    }

    [Fact]
    public void WeightedShareDoesNotDependOnConfigPosition()
    {
        var heavy = A with { Weight = 3 };
        var light = B with { Weight = 1 };

        var shares = FirstShares(new WeightedStrategy(), [light, heavy], Context());

        Assert.InRange(shares[heavy], 0.73, 0.77);
    }

    [Fact]
    public void WeightedSharesOverThreeDeployments()
    {
        DeploymentSettings[] deployments = [A with { Weight = 1 }, B with { Weight = 2 }, C with { Weight = 7 }];

        var shares = FirstShares(new WeightedStrategy(), deployments, Context());

        Assert.InRange(shares[deployments[0]], 0.08, 0.12);
        Assert.InRange(shares[deployments[1]], 0.18, 0.22);
        Assert.InRange(shares[deployments[2]], 0.68, 0.72);
    }

    [Fact]
    public void WeightedDrawsTheRestWithoutReplacementByWeight()
    {
        // Given the weight-7 deployment went first, the second is weight 2 vs 1: two thirds of the time.
        var small = A with { Weight = 1 };
        var medium = B with { Weight = 2 };
        var large = C with { Weight = 7 };
        var strategy = new WeightedStrategy();
        var context = Context();
        int afterLarge = 0, mediumSecond = 0;

        for (var i = 0; i < 20_000; i++)
        {
            var order = strategy.Order([small, medium, large], context);
            if (order[0] == large)
            {
                afterLarge++;
                mediumSecond += order[1] == medium ? 1 : 0;
            }
        }

        Assert.InRange((double)mediumSecond / afterLarge, 0.64, 0.69);
    }

    [Fact]
    public void WeightedWithEqualWeightsIsUniform()
    {
        DeploymentSettings[] deployments = [A, B, C, D];

        var shares = FirstShares(new WeightedStrategy(), deployments, Context());

        Assert.All(deployments, d => Assert.InRange(shares[d], 0.23, 0.27));
    }

    [Fact]
    public void WeightedIsReproducibleWithTheSameSeed()
    {
        DeploymentSettings[] deployments = [A with { Weight = 2 }, B, C with { Weight = 5 }];
        var strategy = new WeightedStrategy();
        var first = Context(7);
        var second = Context(7);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(strategy.Order(deployments, first), strategy.Order(deployments, second));
        }
    }

    // ---- least-busy ----

    [Fact]
    public void LeastBusyOrdersByRequestsInFlight()
    {
        Busy(A, 3);
        Busy(B, 1);
        Busy(C, 2);

        Assert.Equal([B, C, A], new LeastBusyStrategy().Order([A, B, C], Context()));
    }

    [Fact]
    public void LeastBusyKeepsConfigOrderForTies()
    {
        Busy(A, 2);
        Busy(C, 1);
        Busy(D, 1);

        // B and E are idle, C and D have one each: ties keep their configured order.
        Assert.Equal([B, E, C, D, A], new LeastBusyStrategy().Order([A, B, C, D, E], Context()));
        Assert.Equal([E, B, D, C, A], new LeastBusyStrategy().Order([A, E, D, C, B], Context()));
    }

    [Fact]
    public void LeastBusyFollowsCompletions()
    {
        Busy(A, 2);
        Busy(B, 1);
        Assert.Equal([B, A], new LeastBusyStrategy().Order([A, B], Context()));

        health.Complete(A.Key, AttemptResult.Neutral);
        health.Complete(A.Key, AttemptResult.Neutral);

        Assert.Equal([A, B], new LeastBusyStrategy().Order([A, B], Context()));
    }

    [Fact]
    public void LeastBusyWithNothingInFlightIsTheConfiguredOrder()
    {
        Assert.Equal([C, A, B], new LeastBusyStrategy().Order([C, A, B], Context()));
    }

    // ---- least-latency ----

    [Fact]
    public void LeastLatencyTreatsADeploymentWithNoSampleAsFastest()
    {
        Latency(A, 10);
        Latency(B, 100);

        // C has never been measured: whichever pair is drawn, C wins it when drawn, and it leads the rest otherwise.
        var strategy = new LeastLatencyStrategy();
        var context = Context();
        for (var i = 0; i < 1_000; i++)
        {
            var order = strategy.Order([A, B, C], context);
            Assert.True(order[0] == C || order[1] == C, $"C should be first or second, got {string.Join(", ", order.Select(d => d.Key))}");
        }

        Assert.Equal([C, A], strategy.Order([A, C], context));
    }

    [Fact]
    public void LeastLatencyWithTwoDeploymentsAlwaysPutsTheFasterFirst()
    {
        // Power of two choices over two deployments always draws both.
        Latency(A, 100);
        Latency(B, 10);

        var shares = FirstShares(new LeastLatencyStrategy(), [A, B], Context(), draws: 2_000);

        Assert.Equal(1.0, shares[B]);
    }

    [Fact]
    public void LeastLatencyUsesPowerOfTwoChoicesOverThreeDeployments()
    {
        // Two distinct deployments are drawn uniformly: each of the 3 pairs has probability 1/3.
        // The fastest (10 ms) wins both pairs it is in: 2/3. The middle one (100 ms) wins only {middle, slow}: 1/3.
        // The slowest (1000 ms) never wins a pair, so is never first.
        Latency(A, 10);
        Latency(B, 100);
        Latency(C, 1000);

        var shares = FirstShares(new LeastLatencyStrategy(), [C, B, A], Context());

        Assert.InRange(shares[A], 2.0 / 3 - 0.02, 2.0 / 3 + 0.02);
        Assert.InRange(shares[B], 1.0 / 3 - 0.02, 1.0 / 3 + 0.02);
        Assert.Equal(0, shares[C]);
    }

    [Fact]
    public void LeastLatencyDoesNotHerdOntoTheFastestWithThreeOrMore()
    {
        // With n deployments the fastest comes first with probability 2/n (it is in the drawn pair), never always.
        Latency(A, 10);
        Latency(B, 100);
        Latency(C, 100);
        Latency(D, 100);

        var shares = FirstShares(new LeastLatencyStrategy(), [A, B, C, D], Context());

        Assert.InRange(shares[A], 0.48, 0.52);
        Assert.True(shares[A] < 1.0);
    }

    [Fact]
    public void LeastLatencyOrdersTheRestByLatency()
    {
        Latency(A, 300);
        Latency(B, 20);
        Latency(C, 50);
        Latency(D, 1000);
        var strategy = new LeastLatencyStrategy();
        var context = Context();

        for (var i = 0; i < 500; i++)
        {
            var order = strategy.Order([A, B, C, D], context);
            var rest = order.Skip(1).ToList();
            Assert.Equal(rest.OrderBy(d => health.Snapshot(d.Key).LatencyMs), rest);
            AssertIsPermutation([A, B, C, D], order);
        }
    }

    [Fact]
    public void LeastLatencyFollowsTheMovingAverage()
    {
        Latency(A, 10);
        Latency(B, 100);
        Assert.Equal(A, new LeastLatencyStrategy().Order([A, B], Context())[0]);

        for (var i = 0; i < 10; i++)
        {
            Latency(A, 1000);
        }

        Assert.Equal(B, new LeastLatencyStrategy().Order([A, B], Context())[0]);
    }
}
