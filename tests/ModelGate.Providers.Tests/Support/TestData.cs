using System.Text;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;

namespace ModelGate.Providers.Tests.Support;

internal static class TestData
{
    public const string ProviderName = "up";
    public const string UpstreamModel = "gpt-4o-mini-2024-07-18";
    public const string RequestId = "req-123";

    public static readonly Uri BaseUrl = new("https://upstream.test/v1");

    public static ProviderSettings OpenAi(
        string? apiKey = "sk-test",
        string authHeader = "Authorization",
        string authScheme = "Bearer",
        IReadOnlyDictionary<string, string>? headers = null,
        TimeSpan? firstByte = null,
        TimeSpan? idle = null,
        Uri? baseUrl = null,
        string type = ProviderTypes.OpenAiCompatible) =>
        new(
            ProviderName,
            type,
            baseUrl ?? BaseUrl,
            apiKey,
            authHeader,
            authScheme,
            headers ?? new Dictionary<string, string>(),
            new TimeoutSettings(TimeoutSettings.DefaultConnect, firstByte ?? TimeSpan.FromSeconds(30), idle ?? TimeSpan.FromSeconds(30)),
            MockSettings.Default,
            new Dictionary<string, string>(),
            DropUnsupportedParams: false);

    public static ProviderSettings Mock(MockSettings mock) =>
        new(
            "mock",
            ProviderTypes.Mock,
            null,
            null,
            "Authorization",
            "Bearer",
            new Dictionary<string, string>(),
            new TimeoutSettings(TimeoutSettings.DefaultConnect, TimeoutSettings.DefaultFirstByte, TimeoutSettings.DefaultIdle),
            mock,
            new Dictionary<string, string>(),
            DropUnsupportedParams: false);

    public static ChatRequest Request(string json)
    {
        var request = ChatRequestParser.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(error);
        return request!;
    }

    public static ChatCall Call(string json, string model = UpstreamModel) =>
        new(Request(json), new DeploymentSettings(ProviderName, model), RequestId);

    public static ChatCall SimpleCall(bool stream = false) =>
        Call(stream
            ? """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}"""
            : """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");
}
