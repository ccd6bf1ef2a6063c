using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>What the loader fills in when the file leaves a field out.</summary>
public sealed class ConfigLoaderDefaultsTests
{
    private const string Minimal = ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel;

    [Fact]
    public void ServerDefaultsWhenTheSectionIsAbsent()
    {
        var server = ConfigYaml.LoadValid(Minimal).Server;

        Assert.Equal(new Uri("http://127.0.0.1:4000"), server.Listen);
        Assert.Equal(ConfigLoader.DefaultListen, server.Listen);
        Assert.Null(server.MasterKey);
        Assert.Equal(32L * 1024 * 1024, server.MaxRequestBodyBytes);
        Assert.Equal(ConfigLoader.DefaultMaxRequestBodyBytes, server.MaxRequestBodyBytes);
    }

    [Fact]
    public void ServerDefaultsWhenTheSectionIsEmpty()
    {
        var server = ConfigYaml.LoadValid("server: {}\n" + Minimal).Server;

        Assert.Equal(new Uri("http://127.0.0.1:4000"), server.Listen);
        Assert.Null(server.MasterKey);
        Assert.Equal(32L * 1024 * 1024, server.MaxRequestBodyBytes);
    }

    [Theory]
    [InlineData("master_key:")]
    [InlineData("master_key: \"\"")]
    [InlineData("master_key: ~")]
    [InlineData("master_key: ${MASTER_KEY:-}")]
    public void EmptyMasterKeyMeansNone(string line)
    {
        var server = ConfigYaml.LoadValid($"server:\n  {line}\n" + Minimal).Server;

        Assert.Null(server.MasterKey);
    }

    [Fact]
    public void NoKeysSectionMeansNoKeys()
    {
        Assert.Empty(ConfigYaml.LoadValid(Minimal).Keys);
    }

    [Fact]
    public void KeyWithoutModelsMayUseEveryModel()
    {
        var config = ConfigYaml.LoadValid(Minimal + "\nkeys:\n  - { name: a, key: sk-0123456789abcdef }\n");

        Assert.Null(Assert.Single(config.Keys).Models);
    }

    [Fact]
    public void OpenAiProviderDefaults()
    {
        var openai = ConfigYaml.LoadValid(Minimal).Providers["openai"];

        Assert.Equal(new Uri("https://api.openai.com/v1"), openai.BaseUrl);
        Assert.Equal(ProviderTypes.OpenAiBaseUrl, openai.BaseUrl);
        Assert.Equal("Authorization", openai.AuthHeader);
        Assert.Equal("Bearer", openai.AuthScheme);
        Assert.Empty(openai.Headers);
        Assert.Equal(MockSettings.Default, openai.Mock);
    }

    [Fact]
    public void TimeoutDefaults()
    {
        var timeouts = ConfigYaml.LoadValid(Minimal).Providers["openai"].Timeouts;

        Assert.Equal(TimeSpan.FromSeconds(10), timeouts.Connect);
        Assert.Equal(TimeSpan.FromSeconds(600), timeouts.FirstByte);
        Assert.Equal(TimeSpan.FromSeconds(120), timeouts.Idle);
    }

    [Fact]
    public void UnsetTimeoutsKeepTheirDefaultsNextToSetOnes()
    {
        var config = ConfigYaml.LoadValid("""
            providers:
              openai:
                type: openai
                api_key: sk-test
                timeouts:
                  idle_ms: 5000
            """);

        Assert.Equal(
            new TimeoutSettings(TimeoutSettings.DefaultConnect, TimeoutSettings.DefaultFirstByte, TimeSpan.FromSeconds(5)),
            config.Providers["openai"].Timeouts);
    }

    [Fact]
    public void OpenAiBaseUrlCanBeOverridden()
    {
        var config = ConfigYaml.LoadValid("""
            providers:
              openai:
                type: openai
                api_key: sk-test
                base_url: https://eu.api.openai.com/v1
            """);

        Assert.Equal(new Uri("https://eu.api.openai.com/v1"), config.Providers["openai"].BaseUrl);
    }

    [Theory]
    [InlineData("api-key", "")]
    [InlineData("X-Api-Key", "")]
    [InlineData("Authorization", "Bearer")]
    [InlineData("authorization", "Bearer")]
    public void AuthSchemeDefaultsToBearerOnlyForTheAuthorizationHeader(string header, string expectedScheme)
    {
        var config = ConfigYaml.LoadValid($"""
            providers:
              p:
                type: openai-compatible
                base_url: https://llm.example.com/v1
                auth_header: {header}
            """);

        Assert.Equal(header, config.Providers["p"].AuthHeader);
        Assert.Equal(expectedScheme, config.Providers["p"].AuthScheme);
    }

    [Fact]
    public void EmptyApiKeyMeansNone()
    {
        var config = ConfigYaml.LoadValid("""
            providers:
              p:
                type: openai-compatible
                base_url: http://localhost:8000/v1
                api_key: ${LOCAL_KEY:-}
            """);

        Assert.Null(config.Providers["p"].ApiKey);
    }

    [Fact]
    public void MockProviderDefaults()
    {
        var fake = ConfigYaml.LoadValid("providers:\n  fake:\n    type: mock\n").Providers["fake"];

        Assert.Equal(MockSettings.Default, fake.Mock);
        Assert.Equal(new MockSettings(TimeSpan.Zero, 4, TimeSpan.Zero, null, null), fake.Mock);
        Assert.Null(fake.BaseUrl);
        Assert.Null(fake.ApiKey);
    }

    [Fact]
    public void EmptyMappingIsAValidConfigWithNothingInIt()
    {
        var config = ConfigYaml.LoadValid("{}");

        Assert.Empty(config.Providers);
        Assert.Empty(config.Models);
        Assert.Empty(config.Keys);
        Assert.Equal(ConfigLoader.DefaultListen, config.Server.Listen);
    }

    [Fact]
    public void InterpolatedNumbersAreRead()
    {
        var config = ConfigYaml.LoadValid(
            "server:\n  max_request_body_mb: ${BODY_MB:-64}\n",
            new Dictionary<string, string>());

        Assert.Equal(64L * 1024 * 1024, config.Server.MaxRequestBodyBytes);
    }
}
