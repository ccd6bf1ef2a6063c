using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

internal static class AnthropicTestData
{
    public const string Model = "claude-sonnet-4-5";
    public const long Created = 1700000000;

    public static readonly Uri BaseUrl = new("https://api.anthropic.test/v1");

    public static ProviderSettings Settings(bool drop = false, string? defaultMaxTokens = null)
    {
        var options = new Dictionary<string, string> { ["api_version"] = "2023-06-01" };
        if (defaultMaxTokens is not null)
        {
            options["default_max_tokens"] = defaultMaxTokens;
        }

        return new ProviderSettings(TestData.ProviderName, ProviderTypes.Anthropic, BaseUrl, "sk-ant-test", "x-api-key", "",
            new Dictionary<string, string>(), new TimeoutSettings(TimeoutSettings.DefaultConnect, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            MockSettings.Default, options, drop);
    }

    public static AnthropicProvider Provider(VerbatimHttpHandler handler, ProviderSettings? settings = null) =>
        new(settings ?? Settings(), new HttpClient(handler), new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Created)));

    public static Task<ChatOutcome> SendAsync(VerbatimHttpHandler handler, string requestJson, ProviderSettings? settings = null) =>
        Provider(handler, settings).SendChatAsync(TestData.Call(requestJson, Model), CancellationToken.None);

    public static string Fixture(string pair, string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Anthropic", "Fixtures", pair, file));

    public static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected:\n{expected}\nactual:\n{actual}");
}
