namespace ModelGate.Core.Tests.Configuration;

/// <summary>Fields that must agree with the rest of the file: deployments name providers, keys name models and are unique.</summary>
public sealed class ConfigLoaderReferenceErrorTests
{
    private const string Valid = ConfigYaml.OpenAiProvider + "\n" + ConfigYaml.DemoModel + "\n";

    [Fact]
    public void DeploymentNamingAnUnknownProviderIsReported()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + """

            models:
              demo:
                deployments:
                  - provider: openai
                    model: gpt-4o
                  - provider: azure
                    model: gpt-4o
            """);

        Assert.Equal("models.demo.deployments[1].provider", error.Path);
        Assert.Contains("(have: openai)", error.Message);
        Assert.Equal(10, error.Line);
    }

    [Fact]
    public void FirstDeploymentNamingAnUnknownProviderIsReportedAtIndexZero()
    {
        var error = ConfigYaml.SingleError("""
            models:
              demo:
                deployments:
                  - { provider: nowhere, model: m }
            """);

        Assert.Equal("models.demo.deployments[0].provider", error.Path);
    }

    [Fact]
    public void DeploymentNeedsAProviderAndAModel()
    {
        var result = ConfigYaml.Load(ConfigYaml.OpenAiProvider + "\nmodels:\n  demo:\n    deployments:\n      - { provider: openai }\n      - { model: m }\n");

        Assert.Equal(
            ["models.demo.deployments[0].model", "models.demo.deployments[1].provider"],
            result.Errors.Select(e => e.Path).Order());
    }

    [Fact]
    public void DeploymentMustBeAMapping()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + "\nmodels:\n  demo:\n    deployments:\n      - openai/gpt-4o\n");

        Assert.Equal("models.demo.deployments[0]", error.Path);
    }

    [Theory]
    [InlineData("models:\n  demo:\n    deployments: []\n")]
    [InlineData("models:\n  demo: {}\n")]
    [InlineData("models:\n  demo:\n    deployments:\n")]
    public void ModelWithoutDeploymentsIsReported(string models)
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + "\n" + models);

        Assert.Equal("models.demo.deployments", error.Path);
        Assert.Contains("at least one deployment", error.Message);
    }

    [Fact]
    public void DeploymentsMustBeAList()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + "\nmodels:\n  demo:\n    deployments:\n      provider: openai\n      model: m\n");

        Assert.Equal("models.demo.deployments", error.Path);
        Assert.Contains("list", error.Message);
    }

    [Fact]
    public void ModelMustBeAMapping()
    {
        var error = ConfigYaml.SingleError("models:\n  demo:\n");

        Assert.Equal("models.demo", error.Path);
    }

    [Fact]
    public void DeploymentWithEmptyUpstreamModelIsReported()
    {
        var error = ConfigYaml.SingleError(ConfigYaml.OpenAiProvider + "\nmodels:\n  demo:\n    deployments:\n      - { provider: openai, model: \"\" }\n");

        Assert.Equal("models.demo.deployments[0].model", error.Path);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("sk-0123456789ab")]
    [InlineData("\"\"")]
    public void KeyShorterThan16CharactersIsReported(string key)
    {
        var error = ConfigYaml.SingleError(Valid + $"keys:\n  - name: a\n    key: {key}\n");

        Assert.Equal("keys[0].key", error.Path);
        Assert.Contains("must be 16 to 512 characters", error.Message);
        Assert.Equal(3 + Valid.Count(c => c == '\n'), error.Line);
    }

    [Fact]
    public void KeyOfExactly16CharactersIsAccepted()
    {
        var config = ConfigYaml.LoadValid(Valid + "keys:\n  - name: a\n    key: sk-0123456789abc\n");

        Assert.Equal("sk-0123456789abc", Assert.Single(config.Keys).Key);
    }

    [Fact]
    public void SecondOfTwoEqualKeysIsReported()
    {
        var error = ConfigYaml.SingleError(Valid + """
            keys:
              - name: a
                key: sk-0123456789abcdef
              - name: b
                key: sk-0123456789abcdef
            """);

        Assert.Equal("keys[1].key", error.Path);
        Assert.Contains("unique", error.Message);
    }

    [Fact]
    public void KeysEqualAfterInterpolationAreReported()
    {
        var error = ConfigYaml.SingleError(
            Valid + "keys:\n  - { name: a, key: sk-0123456789abcdef }\n  - { name: b, key: \"${B_KEY}\" }\n",
            new Dictionary<string, string> { ["B_KEY"] = "sk-0123456789abcdef" });

        Assert.Equal("keys[1].key", error.Path);
    }

    [Fact]
    public void KeyEqualToTheMasterKeyIsReported()
    {
        var error = ConfigYaml.SingleError(Valid + """
            server:
              master_key: sk-master-0123456789
            keys:
              - name: a
                key: sk-master-0123456789
            """);

        Assert.Equal("keys[0].key", error.Path);
    }

    [Fact]
    public void KeyNamingAnUnknownModelIsReportedAtItsListItem()
    {
        var error = ConfigYaml.SingleError(Valid + "keys:\n  - name: a\n    key: sk-0123456789abcdef\n    models:\n      - demo\n      - gpt-5\n");

        Assert.Equal("keys[0].models[1]", error.Path);
        Assert.Contains("(have: demo)", error.Message);
        Assert.Equal(6 + Valid.Count(c => c == '\n'), error.Line);
    }

    [Fact]
    public void KeyModelsMustBeAList()
    {
        var error = ConfigYaml.SingleError(Valid + "keys:\n  - name: a\n    key: sk-0123456789abcdef\n    models: demo\n");

        Assert.Equal("keys[0].models", error.Path);
    }

    [Fact]
    public void KeyWithAnEmptyModelListMayUseNoModel()
    {
        var config = ConfigYaml.LoadValid(Valid + "keys:\n  - name: a\n    key: sk-0123456789abcdef\n    models: []\n");

        Assert.Empty(Assert.Single(config.Keys).Models!);
    }

    [Fact]
    public void ErrorsInTheSecondKeyAreReportedAtIndexOne()
    {
        var error = ConfigYaml.SingleError(Valid + "keys:\n  - name: a\n    key: sk-0123456789abcdef\n  - name: b\n    key: tiny\n");

        Assert.Equal("keys[1].key", error.Path);
    }
}
