using System.Text.Json.Nodes;
using ModelGate.Core.Configuration;

namespace ModelGate.Providers.Tests.Gemini;

internal static class GeminiTestData
{
    public const string Model = "gemini-2.5-flash";
    public const long Created = 1750000000;

    public static ProviderSettings Settings(
        string type = ProviderTypes.Gemini,
        string? apiKey = "AIza-test",
        Uri? baseUrl = null,
        IReadOnlyDictionary<string, string>? options = null,
        bool drop = false)
    {
        var schema = ProviderTypes.Schemas[type];
        var authHeader = schema.DefaultAuthHeader;
        return new ProviderSettings(
            "up", type, baseUrl ?? schema.DefaultBaseUrl, apiKey, authHeader,
            authHeader == "Authorization" ? "Bearer" : "",
            new Dictionary<string, string>(),
            new TimeoutSettings(TimeoutSettings.DefaultConnect, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            MockSettings.Default,
            new Dictionary<string, string>(schema.OptionDefaults ?? []).Concat(options ?? new Dictionary<string, string>())
                .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value),
            drop);
    }

    public static string Fixture(string pair, string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Gemini", "Fixtures", pair, name));

    /// <summary>Asserts two JSON texts are the same JSON, showing both when they are not.</summary>
    public static void AssertSameJson(string expected, string actual)
    {
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(same, $"expected:\n{JsonNode.Parse(expected)!.ToJsonString()}\nactual:\n{actual}");
    }
}
