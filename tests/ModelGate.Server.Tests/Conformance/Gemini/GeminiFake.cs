using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Gemini;

/// <summary>The Gemini API (AI Studio): <c>/v1beta/models/{model}:generateContent</c>, keyed by <c>x-goog-api-key</c>.</summary>
public sealed class GeminiFake : GeminiWireFake
{
    private const string ApiKey = "AIza-conformance";

    protected override string ModelPath => $"/v1beta/models/{UpstreamModel}";

    public override string ProviderYaml(string root) => $"type: gemini\nbase_url: {root}/v1beta\napi_key: {ApiKey}";

    protected override void AssertAuthorised(RecordedRequest request)
    {
        Assert.Equal(ApiKey, request.Headers["x-goog-api-key"]);
        Assert.False(request.Headers.ContainsKey("authorization"));
    }
}

public sealed class GeminiConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new GeminiFake();

    protected override bool StreamsToolArguments => false;
}
