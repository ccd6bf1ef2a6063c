using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.VertexClaude;

/// <summary>
/// Claude on Vertex AI (Vertex AI docs, "Use Anthropic's Claude models"): Anthropic's Messages wire format at
/// <c>/v1/projects/{project}/locations/{location}/publishers/anthropic/models/{model}:rawPredict</c> (and
/// <c>:streamRawPredict</c>), with <c>anthropic_version: vertex-2023-10-16</c> in the body instead of a model.
/// Authorised here by a ready access token given as <c>api_key</c>; the service-account flow is covered by the
/// Gemini-on-Vertex suite.
/// </summary>
public sealed class VertexClaudeFake : AnthropicFake
{
    private const string AccessToken = "ya29.vertex-claude-conformance";

    public override string ProviderYaml(string root) =>
        $"type: vertex\nbase_url: {root}\nproject: conf-project\nlocation: us-east5\napi_key: {AccessToken}";

    protected override void AssertEndpoint(RecordedRequest request, bool stream)
    {
        var method = stream ? "streamRawPredict" : "rawPredict";
        Assert.Equal($"/v1/projects/conf-project/locations/us-east5/publishers/anthropic/models/{UpstreamModel}:{method}", request.Path);
        Assert.Equal($"Bearer {AccessToken}", request.Headers["authorization"]);
        Assert.False(request.Json.TryGetProperty("model", out _));
        Assert.Equal("vertex-2023-10-16", request.Json.GetProperty("anthropic_version").GetString());
    }
}

public sealed class VertexClaudeConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new VertexClaudeFake();
}
