using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>One wrong field at a time: the error names the field by its YAML path.</summary>
public sealed class ConfigLoaderFieldErrorTests
{
    [Fact]
    public void MissingEnvironmentVariableIsReportedAtItsField()
    {
        var error = ConfigYaml.SingleError("""
            providers:
              openai:
                type: openai
                api_key: ${OPENAI_API_KEY}
            """);

        Assert.Equal("providers.openai.api_key", error.Path);
        Assert.Contains("OPENAI_API_KEY", error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void ErrorToStringShowsPathLineAndMessage()
    {
        var error = ConfigYaml.SingleError("providers:\n  openai:\n    type: openai\n    api_key: ${NOPE}\n");

        Assert.StartsWith("providers.openai.api_key (line 4): environment variable NOPE is not set", error.ToString());
    }

    [Fact]
    public void OpenAiProviderNeedsAnApiKey()
    {
        var error = ConfigYaml.SingleError("providers:\n  openai:\n    type: openai\n");

        Assert.Equal("providers.openai.api_key", error.Path);
        Assert.Contains("required", error.Message);
    }

    [Fact]
    public void ProviderNeedsAType()
    {
        var error = ConfigYaml.SingleError("providers:\n  p:\n    base_url: http://localhost/v1\n");

        Assert.Equal("providers.p.type", error.Path);
        Assert.Contains("required", error.Message);
    }

    [Fact]
    public void UnknownProviderTypeIsReportedWithTheKnownTypes()
    {
        var error = ConfigYaml.SingleError("providers:\n  claude:\n    type: antropic\n    api_key: x\n");

        Assert.Equal("providers.claude.type", error.Path);
        Assert.Contains("'antropic'", error.Message);
        Assert.Contains("openai, openai-compatible", error.Message);
        Assert.Contains("mock", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void OpenAiCompatibleProviderNeedsABaseUrl()
    {
        var error = ConfigYaml.SingleError("providers:\n  local:\n    type: openai-compatible\n");

        Assert.Equal("providers.local.base_url", error.Path);
        Assert.Contains("required", error.Message);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://files.example.com/v1")]
    [InlineData("/v1/chat")]
    [InlineData("localhost:8000")]
    public void BaseUrlMustBeAnAbsoluteHttpUrl(string url)
    {
        var error = ConfigYaml.SingleError($"providers:\n  local:\n    type: openai-compatible\n    base_url: \"{url}\"\n");

        Assert.Equal("providers.local.base_url", error.Path);
        Assert.Contains(url, error.Message);
    }

    [Theory]
    [InlineData("providers:\n  openai:\n    type: openai\n    api_kye: sk-test\n    api_key: sk-test\n", "providers.openai.api_kye")]
    [InlineData("providers:\n  fake:\n    type: mock\n    chunk: 3\n", "providers.fake.chunk")]
    [InlineData("providers:\n  fake:\n    type: mock\n    base_url: http://localhost/v1\n", "providers.fake.base_url")]
    [InlineData("providers:\n  fake:\n    type: mock\n    api_key: sk\n", "providers.fake.api_key")]
    [InlineData("providers:\n  openai:\n    type: openai\n    api_key: k\n    latency_ms: 5\n", "providers.openai.latency_ms")]
    [InlineData("providers:\n  openai:\n    type: openai\n    api_key: k\n    timeouts:\n      idle: 5\n", "providers.openai.timeouts.idle")]
    [InlineData("server:\n  listn: http://127.0.0.1:4000\n", "server.listn")]
    [InlineData("servers:\n  listen: http://127.0.0.1:4000\n", "servers")]
    [InlineData("model:\n  demo: {}\n", "model")]
    [InlineData("keys:\n  - name: a\n    key: sk-0123456789abcdef\n    model: [x]\n", "keys[0].model")]
    public void UnknownFieldIsReportedAtItsPath(string yaml, string path)
    {
        var error = ConfigYaml.SingleError(yaml);

        Assert.Equal(path, error.Path);
        Assert.Contains("unknown field", error.Message);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void UnknownFieldInADeploymentIsReportedAtItsPath()
    {
        var error = ConfigYaml.ErrorAt(ConfigYaml.OpenAiProvider + """

            models:
              demo:
                deployments:
                  - provider: openai
                    modle: gpt-4o
            """, "models.demo.deployments[0].modle");

        Assert.Contains("unknown field", error.Message);
        Assert.Contains("max_parallel, model, price, priority, provider, region, rpm, tags", error.Message);
    }

    [Fact]
    public void UnknownFieldMessageListsTheExpectedFields()
    {
        var error = ConfigYaml.SingleError("server:\n  listn: x\n");

        Assert.Contains("listen, master_key, max_request_body_mb", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("127.0.0.1:4000")]
    [InlineData("localhost:4000")]
    [InlineData("tcp://127.0.0.1:4000")]
    [InlineData("4000")]
    public void ListenMustBeAnHttpAddress(string listen)
    {
        var error = ConfigYaml.SingleError($"server:\n  listen: \"{listen}\"\n");

        Assert.Equal("server.listen", error.Path);
        Assert.Contains(listen, error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void HttpsListenIsAccepted()
    {
        Assert.Equal(new Uri("https://0.0.0.0:4443"), ConfigYaml.LoadValid("server:\n  listen: https://0.0.0.0:4443\n").Server.Listen);
    }

    [Fact]
    public void ShortMasterKeyIsRejected()
    {
        var error = ConfigYaml.SingleError("server:\n  master_key: short-key\n");

        Assert.Equal("server.master_key", error.Path);
        Assert.Contains("16", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1025")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("lots")]
    public void MaxRequestBodyMustBeAWholeNumberInRange(string value)
    {
        var error = ConfigYaml.SingleError($"server:\n  max_request_body_mb: {value}\n");

        Assert.Equal("server.max_request_body_mb", error.Path);
        Assert.Contains("from 1 to 1024", error.Message);
    }

    [Theory]
    [InlineData("1", 1L * 1024 * 1024)]
    [InlineData("1024", 1024L * 1024 * 1024)]
    public void MaxRequestBodyBoundsAreAccepted(string value, long expectedBytes)
    {
        Assert.Equal(expectedBytes, ConfigYaml.LoadValid($"server:\n  max_request_body_mb: {value}\n").Server.MaxRequestBodyBytes);
    }

    [Theory]
    [InlineData("connect_ms", "0")]
    [InlineData("first_byte_ms", "-5")]
    [InlineData("idle_ms", "soon")]
    public void TimeoutsMustBePositiveWholeMilliseconds(string field, string value)
    {
        var error = ConfigYaml.SingleError($"providers:\n  openai:\n    type: openai\n    api_key: k\n    timeouts:\n      {field}: {value}\n");

        Assert.Equal($"providers.openai.timeouts.{field}", error.Path);
    }

    [Theory]
    [InlineData("fail_status", "200")]
    [InlineData("fail_status", "600")]
    [InlineData("chunks", "0")]
    [InlineData("chunks", "10001")]
    [InlineData("fail_after_chunks", "-1")]
    [InlineData("latency_ms", "-1")]
    [InlineData("chunk_delay_ms", "fast")]
    public void MockFieldsAreRangeChecked(string field, string value)
    {
        var error = ConfigYaml.SingleError($"providers:\n  fake:\n    type: mock\n    {field}: {value}\n");

        Assert.Equal($"providers.fake.{field}", error.Path);
    }

    [Fact]
    public void ZeroLatencyAndZeroFailAfterChunksAreAccepted()
    {
        var mock = ConfigYaml.LoadValid("providers:\n  fake:\n    type: mock\n    latency_ms: 0\n    fail_after_chunks: 0\n    fail_status: 429\n")
            .Providers["fake"].Mock;

        Assert.Equal(TimeSpan.Zero, mock.Latency);
        Assert.Equal(0, mock.FailAfterChunks);
        Assert.Equal(429, mock.FailStatus);
    }

    [Fact]
    public void HeadersMustBeAMapping()
    {
        var error = ConfigYaml.SingleError("providers:\n  openai:\n    type: openai\n    api_key: k\n    headers: [a, b]\n");

        Assert.Equal("providers.openai.headers", error.Path);
        Assert.Contains("mapping", error.Message);
    }

    [Fact]
    public void HeaderValueMustBeASingleValue()
    {
        var error = ConfigYaml.SingleError("providers:\n  openai:\n    type: openai\n    api_key: k\n    headers:\n      X-List: [a, b]\n");

        Assert.Equal("providers.openai.headers.X-List", error.Path);
    }

    [Fact]
    public void ProviderMustBeAMapping()
    {
        var error = ConfigYaml.SingleError("providers:\n  openai: openai\n");

        Assert.Equal("providers.openai", error.Path);
        Assert.Contains("mapping", error.Message);
    }

    [Fact]
    public void SectionMustBeAMapping()
    {
        var error = ConfigYaml.SingleError("providers: [openai]\n");

        Assert.Equal("providers", error.Path);
    }

    [Fact]
    public void ScalarWhereAValueIsExpectedMustNotBeAList()
    {
        var error = ConfigYaml.SingleError("server:\n  listen: [http://127.0.0.1:4000]\n");

        Assert.Equal("server.listen", error.Path);
        Assert.Contains("single value", error.Message);
    }

    [Fact]
    public void KeysMustBeAList()
    {
        var error = ConfigYaml.SingleError("keys:\n  a: sk-0123456789abcdef\n");

        Assert.Equal("keys", error.Path);
        Assert.Contains("list", error.Message);
    }

    [Fact]
    public void KeyNeedsANameAndAKey()
    {
        var result = ConfigYaml.Load("keys:\n  - models: []\n");

        Assert.Equal(["keys[0].key", "keys[0].name"], result.Errors.Select(e => e.Path).Order());
        Assert.All(result.Errors, e => Assert.Contains("required", e.Message));
    }

    [Fact]
    public void KeyEntryMustBeAMapping()
    {
        var error = ConfigYaml.SingleError("keys:\n  - sk-0123456789abcdef\n");

        Assert.Equal("keys[0]", error.Path);
    }

    [Fact]
    public void FieldNamesMustBePlainText()
    {
        var error = ConfigYaml.SingleError("server:\n  ? [a, b]\n  : x\n");

        Assert.Equal("server", error.Path);
        Assert.Contains("plain text", error.Message);
    }

    [Fact]
    public void InvalidInterpolationSyntaxIsReportedAtItsField()
    {
        var error = ConfigYaml.SingleError("providers:\n  openai:\n    type: openai\n    api_key: ${OPENAI_API_KEY\n");

        Assert.Equal("providers.openai.api_key", error.Path);
        Assert.Contains("unterminated", error.Message);
    }
}
