using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Routing;

/// <summary>The cooldown of each ejection: Base, doubled each time, capped at Max.</summary>
public sealed class CooldownSettingsTests
{
    [Fact]
    public void DefaultIsThreeFailuresFiveSecondsUpToFiveMinutes()
    {
        Assert.Equal(new CooldownSettings(3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)), CooldownSettings.Default);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(7, 60)]
    [InlineData(8, 60)]
    [InlineData(31, 60)]
    [InlineData(1000, 60)]
    public void EachEjectionDoublesUpToMax(int ejection, int expectedSeconds)
    {
        var settings = new CooldownSettings(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), settings.ForEjection(ejection));
    }

    [Fact]
    public void BaseEqualToMaxNeverGrows()
    {
        var settings = new CooldownSettings(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        Assert.All(Enumerable.Range(1, 20), e => Assert.Equal(TimeSpan.FromSeconds(30), settings.ForEjection(e)));
    }

    [Fact]
    public void LongBaseDoesNotOverflowOnManyEjections()
    {
        var settings = new CooldownSettings(1, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

        Assert.All(Enumerable.Range(1, 40), e => Assert.Equal(TimeSpan.FromHours(1), settings.ForEjection(e)));
    }

    [Fact]
    public void LongOutageWithALongBaseKeepsProbingEveryMax()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var settings = new CooldownSettings(1, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var health = new InMemoryDeploymentHealth(() => settings, time);

        for (var probe = 0; probe < 40; probe++)
        {
            Assert.True(health.TryAdmit("p/m", out _, out var isProbe));
            health.Complete("p/m", new AttemptResult(AttemptKind.Failure, Probe: isProbe));
            Assert.False(health.TryAdmit("p/m", out var wait, out _));
            Assert.Equal(TimeSpan.FromHours(1), wait);
            time.Advance(wait);
        }
    }
}
