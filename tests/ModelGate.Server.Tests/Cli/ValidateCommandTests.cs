using ModelGate.Server.Cli;

namespace ModelGate.Server.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"modelgate-validate-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Valid_file_exits_0_with_a_summary()
    {
        File.WriteAllText(path, "providers:\n  demo: { type: mock }\nmodels:\n  demo:\n    deployments: [{ provider: demo, model: echo }]\n");
        var (output, errors) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, ValidateCommand.Run(path, output, errors));
        Assert.Contains("1 provider(s), 1 model(s)", output.ToString());
        Assert.Empty(errors.ToString());
    }

    [Fact]
    public void Invalid_file_exits_1_listing_every_error_by_path()
    {
        File.WriteAllText(path, """
            server:
              listen: not-a-url
            providers:
              openai: { type: openai, api_key: "${MODELGATE_TEST_SURELY_UNSET_VAR}" }
              bad: { type: nope }
            models:
              gpt:
                deployments: [{ provider: missing, model: x }]
            """);
        var (output, errors) = (new StringWriter(), new StringWriter());

        Assert.Equal(1, ValidateCommand.Run(path, output, errors));
        var text = errors.ToString();
        Assert.Contains("server.listen", text);
        Assert.Contains("providers.openai.api_key", text);
        Assert.Contains("MODELGATE_TEST_SURELY_UNSET_VAR", text);
        Assert.Contains("providers.bad.type", text);
        Assert.Contains("models.gpt.deployments[0].provider", text);
    }

    [Fact]
    public void What_only_a_provider_adapter_can_check_is_a_config_error_too()
    {
        File.WriteAllText(path, """
            providers:
              aws: { type: bedrock, region: "us east-1", access_key_id: AKIDEXAMPLE, secret_access_key: secret }
            models:
              m:
                deployments: [{ provider: aws, model: x }]
            """);
        var errors = new StringWriter();

        Assert.Equal(1, ValidateCommand.Run(path, TextWriter.Null, errors));
        Assert.Contains("providers.aws", errors.ToString());
    }

    [Fact]
    public void Missing_file_exits_1()
    {
        var errors = new StringWriter();

        Assert.Equal(1, ValidateCommand.Run(path + ".missing", TextWriter.Null, errors));
        Assert.Contains("cannot read", errors.ToString());
    }
}
