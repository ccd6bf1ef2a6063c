using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>Files that cannot be read or parsed, and files with many mistakes at once.</summary>
public sealed class ConfigLoaderFileErrorTests
{
    [Fact]
    public void InvalidYamlIsReportedWithItsLine()
    {
        var error = ConfigYaml.SingleError("server:\n  listen: http://127.0.0.1:4000\nproviders:\n  openai: [unclosed\n");

        Assert.Equal("(file)", error.Path);
        Assert.Contains("not valid YAML", error.Message);
        Assert.NotNull(error.Line);
        Assert.True(error.Line >= 4, $"line {error.Line}");
    }

    [Fact]
    public void BadIndentationIsReportedWithItsLine()
    {
        var error = ConfigYaml.SingleError("server:\n  listen: http://127.0.0.1:4000\n master_key: x\n");

        Assert.Equal("(file)", error.Path);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void DuplicateFieldIsReportedAsInvalidYaml()
    {
        var error = ConfigYaml.SingleError("models:\n  demo: {}\n  demo: {}\n");

        Assert.Equal("(file)", error.Path);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    public void EmptyFileIsReported(string yaml)
    {
        var error = ConfigYaml.SingleError(yaml);

        Assert.Equal("(file)", error.Path);
        Assert.Contains("empty", error.Message);
    }

    [Theory]
    [InlineData("just text")]
    [InlineData("- a\n- b\n")]
    public void RootThatIsNotAMappingIsReported(string yaml)
    {
        var error = ConfigYaml.SingleError(yaml);

        Assert.Contains("mapping", error.Message);
    }

    [Fact]
    public void EveryErrorIsReportedNotJustTheFirst()
    {
        var result = ConfigYaml.Load("""
            server:
              listen: localhost:4000
              max_request_body_mb: 0
            keys:
              - name: a
                key: short
              - name: b
                key: sk-0123456789abcdef
                models: [demo, nope]
            providers:
              openai:
                type: openai
                api_key: ${OPENAI_API_KEY}
              claude:
                type: antropic
              fake:
                type: mock
                chunks: 0
            models:
              demo:
                deployments:
                  - provider: azure
                    model: gpt-4o
              empty:
                deployments: []
            """);

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Equal(
            [
                "keys[0].key",
                "keys[1].models[1]",
                "models.demo.deployments[0].provider",
                "models.empty.deployments",
                "providers.claude.type",
                "providers.fake.chunks",
                "providers.openai.api_key",
                "server.listen",
                "server.max_request_body_mb",
            ],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.NotNull(e.Line));
    }

    [Fact]
    public void LoadFileOnAMissingFileIsAnErrorNotAnException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelgate-missing-{Guid.NewGuid():N}", "modelgate.yaml");

        var result = ConfigYaml.Loader().LoadFile(path);

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal("(file)", error.Path);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void LoadFileReadsTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelgate-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "server:\n  listen: http://127.0.0.1:5000\n");
        try
        {
            var result = ConfigYaml.Loader().LoadFile(path);

            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal(new Uri("http://127.0.0.1:5000"), result.Config!.Server.Listen);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ResultWithErrorsIsNotValid()
    {
        var result = new ConfigLoadResult(null, [new ConfigError("x", "y")]);

        Assert.False(result.IsValid);
        Assert.Equal("x: y", result.Errors[0].ToString());
    }
}
