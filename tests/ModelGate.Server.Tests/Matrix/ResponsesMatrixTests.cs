using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.Azure;
using ModelGate.Server.Tests.Conformance.Bedrock;
using ModelGate.Server.Tests.Conformance.Cohere;
using ModelGate.Server.Tests.Conformance.Gemini;
using ModelGate.Server.Tests.Conformance.Mistral;
using ModelGate.Server.Tests.Conformance.Vertex;
using ModelGate.Server.Tests.Conformance.VertexClaude;
using ModelGate.Server.Tests.Responses;

namespace ModelGate.Server.Tests.Matrix;

// The Responses API suite (ResponsesSdkTests, run there against OpenAI- and Anthropic-format upstreams) on every
// other provider type.

public sealed class GeminiResponsesMatrixTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new GeminiFake();

    protected override bool KeepsCallIds => false;
}

public sealed class VertexResponsesMatrixTests : ResponsesSdkTests, IDisposable
{
    private readonly VertexFake fake = new();

    protected override IProviderFake Fake => fake;

    protected override bool KeepsCallIds => false;

    public void Dispose() => fake.Dispose();
}

public sealed class VertexClaudeResponsesMatrixTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new VertexClaudeFake();
}

public sealed class AzureResponsesMatrixTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new AzureOpenAiFake();
}

public sealed class BedrockResponsesMatrixTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new BedrockFake();
}

public sealed class CohereResponsesMatrixTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new CohereFake();
}

public sealed class MistralResponsesMatrixTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new MistralFake();
}
