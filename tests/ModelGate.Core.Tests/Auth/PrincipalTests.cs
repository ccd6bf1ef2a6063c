using ModelGate.Core.Auth;

namespace ModelGate.Core.Tests.Auth;

public sealed class PrincipalTests
{
    [Theory]
    [InlineData("gpt")]
    [InlineData("any-model-at-all")]
    [InlineData("")]
    public void NullAllowedModelsMayUseEveryModel(string model)
    {
        Assert.True(new Principal("master", null, IsMaster: true, MayOverrideRoute: true).MayUse(model));
    }

    [Fact]
    public void AllowedModelsLimitWhatMayBeUsed()
    {
        var principal = new Principal("team", new HashSet<string> { "gpt", "demo" }, IsMaster: false, MayOverrideRoute: false);

        Assert.True(principal.MayUse("gpt"));
        Assert.True(principal.MayUse("demo"));
        Assert.False(principal.MayUse("claude"));
        Assert.False(principal.MayUse(""));
    }

    [Fact]
    public void ModelNamesAreComparedAsTheSetCompares()
    {
        var principal = new Principal("team", new HashSet<string>(StringComparer.Ordinal) { "gpt" }, IsMaster: false, MayOverrideRoute: false);

        Assert.False(principal.MayUse("GPT"));
        Assert.False(principal.MayUse("gpt "));
    }

    [Fact]
    public void EmptyAllowedModelsMayUseNothing()
    {
        var principal = new Principal("locked", new HashSet<string>(), IsMaster: false, MayOverrideRoute: false);

        Assert.False(principal.MayUse("gpt"));
    }
}
