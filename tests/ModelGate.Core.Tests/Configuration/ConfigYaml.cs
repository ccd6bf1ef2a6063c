using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

/// <summary>Loads config text with a fake environment, and finds errors by path.</summary>
internal static class ConfigYaml
{
    public static ConfigLoadResult Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        Loader(environment).Load(yaml);

    public static ConfigLoader Loader(IReadOnlyDictionary<string, string>? environment = null) =>
        new(new EnvInterpolator(name => environment?.GetValueOrDefault(name)));

    public static GatewayConfig LoadValid(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(yaml, environment);
        Assert.True(result.IsValid, "expected a valid config, got:\n" + string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Config!;
    }

    /// <summary>Asserts the config is rejected with exactly one error, and returns it.</summary>
    public static ConfigError SingleError(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(yaml, environment);
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        return Assert.Single(result.Errors);
    }

    /// <summary>Asserts the config is rejected with an error at <paramref name="path"/>, and returns it.</summary>
    public static ConfigError ErrorAt(string yaml, string path, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(yaml, environment);
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        var matches = result.Errors.Where(e => e.Path == path).ToList();
        Assert.True(matches.Count == 1, $"expected one error at '{path}', got:\n" + string.Join("\n", result.Errors));
        return matches[0];
    }

    /// <summary>A valid config with one openai provider and one model, to which a test adds its own mistake.</summary>
    public const string OpenAiProvider = """
        providers:
          openai:
            type: openai
            api_key: sk-test
        """;

    public const string DemoModel = """
        models:
          demo:
            deployments:
              - provider: openai
                model: gpt-4o-mini
        """;
}
