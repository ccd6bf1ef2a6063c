using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

public sealed class EnvInterpolatorTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["API_KEY"] = "sk-secret",
        ["HOST"] = "example.com",
        ["_UNDER_1"] = "u",
        ["EMPTY"] = "",
    };

    private static EnvInterpolator Interpolator() =>
        new(name => Variables.TryGetValue(name, out var value) ? value : null);

    private static string? Resolve(string text, out string? error) => Interpolator().Resolve(text, out error);

    [Theory]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1")]
    public void TextWithoutDollarIsReturnedAsIs(string text, string expected)
    {
        Assert.Equal(expected, Resolve(text, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void TextWithoutDollarDoesNotConsultTheEnvironment()
    {
        var interpolator = new EnvInterpolator(_ => throw new InvalidOperationException("lookup must not be called"));

        Assert.Equal("{API_KEY}", interpolator.Resolve("{API_KEY}", out _));
    }

    [Theory]
    [InlineData("${API_KEY}", "sk-secret")]
    [InlineData("Bearer ${API_KEY}", "Bearer sk-secret")]
    [InlineData("https://${HOST}/v1", "https://example.com/v1")]
    [InlineData("${HOST}${API_KEY}", "example.comsk-secret")]
    [InlineData("${_UNDER_1}", "u")]
    public void VariableIsReplacedByItsValue(string text, string expected)
    {
        Assert.Equal(expected, Resolve(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${MISSING:-http://localhost:8080}", "http://localhost:8080")]
    [InlineData("${MISSING:-a b c}", "a b c")]
    [InlineData("x${MISSING:-1}y", "x1y")]
    public void UnsetVariableTakesItsDefault(string text, string expected)
    {
        Assert.Equal(expected, Resolve(text, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void SetVariableWinsOverItsDefault()
    {
        Assert.Equal("sk-secret", Resolve("${API_KEY:-fallback}", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void SetButEmptyVariableTakesItsDefault()
    {
        Assert.Equal("fallback", Resolve("${EMPTY:-fallback}", out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("${MISSING:-}")]
    [InlineData("${EMPTY:-}")]
    public void EmptyDefaultGivesEmptyText(string text)
    {
        Assert.Equal("", Resolve(text, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void UnsetVariableWithoutDefaultIsAnError()
    {
        Assert.Null(Resolve("key=${MISSING}", out var error));
        Assert.NotNull(error);
        Assert.Contains("MISSING", error);
        Assert.Contains("not set", error);
    }

    [Fact]
    public void SetButEmptyVariableWithoutDefaultIsAnError()
    {
        Assert.Null(Resolve("${EMPTY}", out var error));
        Assert.NotNull(error);
        Assert.Contains("EMPTY", error);
    }

    [Fact]
    public void ErrorInALaterReferenceFailsTheWholeText()
    {
        Assert.Null(Resolve("${API_KEY}-${MISSING}", out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("$$", "$")]
    [InlineData("pa$$word", "pa$word")]
    [InlineData("$${API_KEY}", "${API_KEY}")]
    [InlineData("$$$$", "$$")]
    [InlineData("$$${HOST}", "$example.com")]
    public void DoubleDollarIsALiteralDollar(string text, string expected)
    {
        Assert.Equal(expected, Resolve(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("$", "$")]
    [InlineData("cost: 5$", "cost: 5$")]
    [InlineData("$5", "$5")]
    [InlineData("$API_KEY", "$API_KEY")]
    [InlineData("a $ b", "a $ b")]
    public void DollarNotFollowedByBraceOrDollarIsKept(string text, string expected)
    {
        Assert.Equal(expected, Resolve(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("${API_KEY")]
    [InlineData("prefix ${")]
    [InlineData("${HOST} and ${API_KEY")]
    public void UnterminatedReferenceIsAnError(string text)
    {
        Assert.Null(Resolve(text, out var error));
        Assert.NotNull(error);
        Assert.Contains("unterminated", error);
    }

    [Fact]
    public void UnterminatedReferenceErrorGivesTheOneBasedPosition()
    {
        Resolve("ab${X", out var error);

        Assert.Equal("unterminated '${' at character 3", error);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("${1ABC}")]
    [InlineData("${API-KEY}")]
    [InlineData("${API KEY}")]
    [InlineData("${API.KEY}")]
    [InlineData("${API_KEY:default}")]
    [InlineData("${:-default}")]
    [InlineData("${ API_KEY}")]
    [InlineData("${ÄPI}")]
    public void InvalidNameIsAnError(string text)
    {
        Assert.Null(Resolve(text, out var error));
        Assert.NotNull(error);
        Assert.Contains("not a valid environment variable reference", error);
    }

    [Fact]
    public void ValueIsNotInterpolatedAgain()
    {
        var interpolator = new EnvInterpolator(name => name == "A" ? "${B}" : throw new InvalidOperationException(name));

        Assert.Equal("${B}", interpolator.Resolve("${A}", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void LookupReceivesOnlyTheNameWithoutTheDefault()
    {
        var asked = new List<string>();
        var interpolator = new EnvInterpolator(name =>
        {
            asked.Add(name);
            return null;
        });

        interpolator.Resolve("${FIRST:-x}${SECOND:-y}", out _);

        Assert.Equal(["FIRST", "SECOND"], asked);
    }
}
