using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

public sealed class ConfigLoaderResponsesTests
{
    [Fact]
    public void Defaults_when_the_section_is_absent()
    {
        Assert.Equal(ResponsesSettings.DefaultMaxStored, ConfigYaml.LoadValid("server:\n  listen: http://127.0.0.1:4000\n").Responses.MaxStored);
    }

    [Fact]
    public void Reads_max_stored()
    {
        Assert.Equal(25, ConfigYaml.LoadValid("responses:\n  max_stored: 25\n").Responses.MaxStored);
    }

    [Theory]
    [InlineData("responses:\n  max_stored: 0\n", "responses.max_stored")]
    [InlineData("responses:\n  max_stored: many\n", "responses.max_stored")]
    [InlineData("responses:\n  keep: 5\n", "responses.keep")]
    public void Rejects_bad_fields_by_path(string yaml, string path)
    {
        ConfigYaml.ErrorAt(yaml, path);
    }
}
