using ModelGate.Core.Auth;

namespace ModelGate.Core.Tests.Auth;

public sealed class StaticKeyAuthenticatorTests
{
    private const string MasterKey = "sk-master-0123456789abcdef";
    private const string TeamKey = "sk-team-a-0123456789abcdef";

    private static readonly Principal Master = new("master", null, IsMaster: true, MayOverrideRoute: false);
    private static readonly Principal Team = new("team-a", new HashSet<string> { "gpt" }, IsMaster: false, MayOverrideRoute: false);

    private static StaticKeyAuthenticator Authenticator() => new([(MasterKey, Master), (TeamKey, Team)]);

    [Fact]
    public void KnownKeysGiveTheirPrincipals()
    {
        var authenticator = Authenticator();

        Assert.Same(Master, authenticator.Authenticate(MasterKey));
        Assert.Same(Team, authenticator.Authenticate(TeamKey));
    }

    [Fact]
    public void KeyFromASliceOfALargerStringIsFound()
    {
        var header = "Bearer " + TeamKey;

        Assert.Same(Team, Authenticator().Authenticate(header.AsSpan(7)));
    }

    [Theory]
    [InlineData("sk-unknown-0123456789abcdef")]
    [InlineData("sk-team-a-0123456789abcdeF")]
    [InlineData("sk-team-a-0123456789abcdeg")]
    [InlineData("sk-team-a-0123456789abcde")]
    [InlineData("sk-team-a-0123456789abcdef ")]
    [InlineData(" sk-team-a-0123456789abcdef")]
    [InlineData("SK-TEAM-A-0123456789ABCDEF")]
    [InlineData("Bearer sk-team-a-0123456789abcdef")]
    public void UnknownOrAlmostRightKeyGivesNull(string key)
    {
        Assert.Null(Authenticator().Authenticate(key));
    }

    [Fact]
    public void EmptyKeyGivesNull()
    {
        Assert.Null(Authenticator().Authenticate(""));
        Assert.Null(Authenticator().Authenticate(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void EmptyKeyGivesNullEvenWhenConfigured()
    {
        var authenticator = new StaticKeyAuthenticator([("", Master)]);

        Assert.Null(authenticator.Authenticate(""));
    }

    [Fact]
    public void KeyOf512CharactersIsAccepted()
    {
        var key = new string('k', 512);
        var authenticator = new StaticKeyAuthenticator([(key, Team)]);

        Assert.Same(Team, authenticator.Authenticate(key));
    }

    [Fact]
    public void KeyLongerThan512CharactersGivesNullEvenWhenConfigured()
    {
        var key = new string('k', 513);
        var authenticator = new StaticKeyAuthenticator([(key, Team)]);

        Assert.Null(authenticator.Authenticate(key));
    }

    [Fact]
    public void VeryLongKeyGivesNull()
    {
        Assert.Null(Authenticator().Authenticate(new string('x', 1_000_000)));
    }

    [Fact]
    public void NonAsciiKeyIsMatchedByItsUtf8Bytes()
    {
        const string key = "clé-secrète-日本-😀-0123456789";
        var authenticator = new StaticKeyAuthenticator([(key, Team)]);

        Assert.Same(Team, authenticator.Authenticate(key));
        Assert.Null(authenticator.Authenticate(key.Replace("é", "e\u0301")));
    }

    [Fact]
    public void LongestKeyOfMultiByteCharactersFitsItsBuffer()
    {
        var key = string.Concat(Enumerable.Repeat("😀", 256));
        var authenticator = new StaticKeyAuthenticator([(key, Team)]);

        Assert.Equal(512, key.Length);
        Assert.Same(Team, authenticator.Authenticate(key));
    }

    [Fact]
    public void NoEntriesAuthenticateNobody()
    {
        Assert.Null(new StaticKeyAuthenticator([]).Authenticate(MasterKey));
    }

    [Fact]
    public void LaterEntryForTheSameKeyWins()
    {
        var authenticator = new StaticKeyAuthenticator([(TeamKey, Master), (TeamKey, Team)]);

        Assert.Same(Team, authenticator.Authenticate(TeamKey));
    }

    [Fact]
    public void ManyKeysAreEachFound()
    {
        var entries = Enumerable.Range(0, 1000)
            .Select(i => (Key: $"sk-generated-{i:D6}-key", Principal: new Principal($"p{i}", null, false, false)))
            .ToList();
        var authenticator = new StaticKeyAuthenticator(entries);

        Assert.All(entries, entry => Assert.Same(entry.Principal, authenticator.Authenticate(entry.Key)));
    }
}
