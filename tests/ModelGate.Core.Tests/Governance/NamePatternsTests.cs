using ModelGate.Core.Auth;
using ModelGate.Core.Governance;

namespace ModelGate.Core.Tests.Governance;

public sealed class NamePatternsTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("gpt-*", "gpt-4o", true)]
    [InlineData("gpt-*", "gpt-", true)]
    [InlineData("gpt-*", "gpt", false)]
    [InlineData("gpt-*", "xgpt-4o", false)]
    [InlineData("*-mini", "gpt-4o-mini", true)]
    [InlineData("claude-*-sonnet", "claude-3-5-sonnet", true)]
    [InlineData("claude-*-sonnet", "claude-3-5-sonnet-v2", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "Exact", false)]
    public void Star_matches_any_run_of_characters(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, new NamePatterns([pattern]).Matches(name));
    }

    [Fact]
    public void Nothing_matches_nothing()
    {
        Assert.False(NamePatterns.Nothing.Matches("demo"));
        Assert.False(NamePatterns.Nothing.Matches(""));
    }

    [Fact]
    public void Every_model_rule_must_allow_the_model()
    {
        var principal = new Principal("k", null, IsMaster: false, MayOverrideRoute: false)
        {
            ModelRules = [new NamePatterns(["gpt-*", "demo"]), new NamePatterns(["gpt-4o*"])],
        };

        Assert.True(principal.MayUse("gpt-4o-mini"));
        Assert.False(principal.MayUse("gpt-3.5"));
        Assert.False(principal.MayUse("demo"));
        Assert.Equal(KeyScope.Inference, principal.Scope);
        Assert.Equal(KeyScope.Admin, new Principal("master", null, IsMaster: true, MayOverrideRoute: true).Scope);
    }
}
