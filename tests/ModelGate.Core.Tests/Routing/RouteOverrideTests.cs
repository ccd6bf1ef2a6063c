using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Routing;

public sealed class RouteOverrideTests
{
    [Theory]
    [InlineData("lowest-cost", "lowest-cost", null)]
    [InlineData(" least-busy ", "least-busy", null)]
    [InlineData("deployment=openai/gpt-4o", null, "openai/gpt-4o")]
    public void StrategiesAndPinnedDeploymentsAreRead(string value, string? strategy, string? deployment)
    {
        Assert.Equal(new RouteOverride(strategy, deployment), RouteOverride.Parse(value, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fastest")]
    [InlineData("deployment=")]
    [InlineData("Priority")]
    public void AnythingElseIsAnErrorNamingTheHeader(string value)
    {
        Assert.Null(RouteOverride.Parse(value, out var error));
        Assert.Equal("x-modelgate-route", error!.Param);
        Assert.Equal(400, error.Status);
    }
}
