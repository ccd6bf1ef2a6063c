using ModelGate.Core.Configuration;
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

    [Fact]
    public void DirectivesCombine()
    {
        var parsed = RouteOverride.Parse("lowest-cost; region=eu-west-1 ;tag=batch", out var error);

        Assert.Null(error);
        Assert.Equal(new RouteOverride("lowest-cost", null, "eu-west-1", "batch"), parsed);
    }

    [Fact]
    public void RegionAndTagSelectDeployments()
    {
        var eu = new DeploymentSettings("azure", "gpt-4o", Region: "eu") { Tags = ["batch", "cheap"] };
        var us = new DeploymentSettings("openai", "gpt-4o", Region: "us");

        Assert.True(new RouteOverride(null, null, Region: "eu").Allows(eu));
        Assert.False(new RouteOverride(null, null, Region: "eu").Allows(us));
        Assert.True(new RouteOverride(null, null, Tag: "cheap").Allows(eu));
        Assert.False(new RouteOverride(null, null, Tag: "cheap").Allows(us));
        Assert.True(new RouteOverride("weighted", null).Allows(us));
        Assert.False(new RouteOverride(null, "azure/gpt-4o").Allows(us));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fastest")]
    [InlineData("deployment=")]
    [InlineData("Priority")]
    [InlineData("weighted;least-busy")]
    [InlineData("region=eu;region=us")]
    [InlineData("color=red")]
    [InlineData(" ; ")]
    public void AnythingElseIsAnErrorNamingTheHeader(string value)
    {
        Assert.Null(RouteOverride.Parse(value, out var error));
        Assert.Equal("x-modelgate-route", error!.Param);
        Assert.Equal(400, error.Status);
    }
}
