using System.Text;
using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Conformance.Azure;
using ModelGate.Server.Tests.Conformance.Bedrock;
using ModelGate.Server.Tests.Conformance.Cohere;
using ModelGate.Server.Tests.Conformance.Gemini;
using ModelGate.Server.Tests.Conformance.Mistral;
using ModelGate.Server.Tests.Conformance.Vertex;
using ModelGate.Server.Tests.Conformance.VertexClaude;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Matrix;

/// <summary>
/// Legacy text completions mapped onto chat, on every provider type without a completions API of its own (OpenAI
/// and OpenAI-compatible servers get them passed through: see the completions tests). The official .NET SDK keeps its
/// legacy client internal, so these speak the documented wire format.
/// </summary>
public abstract class CompletionsMatrixTests : IAsyncLifetime
{
    private const string Model = "matrix";
    private static readonly ConformanceUsage Usage = new(Input: 12, Output: 6);

    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    protected abstract IProviderFake Fake { get; }

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        gateway = await SingleProviderGateway.StartAsync(Fake.ProviderYaml(upstream.Root), Model, Fake.UpstreamModel);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_prompt_is_answered_as_a_text_completion()
    {
        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "This is a test.", Usage);

        var response = await gateway.Http.PostAsync("v1/completions", ChatBodies.Json("""{"model":"matrix","prompt":"Say this is a test","max_tokens":7}"""));

        var completion = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("text_completion", completion.GetProperty("object").GetString());
        Assert.Equal("This is a test.", completion.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("stop", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(Usage.Input + Usage.Output, completion.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Contains("Say this is a test", upstream.LastRequest.BodyText);
    }

    [Fact]
    public async Task A_streamed_prompt_is_answered_in_text_completion_chunks()
    {
        upstream.Handler = (context, _) => Fake.WriteTextStreamAsync(context, ["This ", "is ", "a test."], Usage);

        var response = await gateway.Http.PostAsync("v1/completions", ChatBodies.Json("""{"model":"matrix","prompt":"Say this is a test","stream":true}"""));

        var events = ChatBodies.SseData(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        var text = new StringBuilder();
        foreach (var data in events[..^1])
        {
            var chunk = JsonDocument.Parse(data).RootElement;
            Assert.Equal("text_completion", chunk.GetProperty("object").GetString());
            text.Append(chunk.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()).FirstOrDefault());
        }

        Assert.Equal("This is a test.", text.ToString());
        Fake.AssertStreamRequest(upstream.LastRequest);
    }
}

public sealed class AnthropicCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new AnthropicFake();
}

public sealed class GeminiCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new GeminiFake();
}

public sealed class VertexCompletionsMatrixTests : CompletionsMatrixTests, IDisposable
{
    private readonly VertexFake fake = new();

    protected override IProviderFake Fake => fake;

    public void Dispose() => fake.Dispose();
}

public sealed class VertexClaudeCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new VertexClaudeFake();
}

public sealed class AzureCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new AzureOpenAiFake();
}

public sealed class BedrockCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new BedrockFake();
}

public sealed class CohereCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new CohereFake();
}

public sealed class MistralCompletionsMatrixTests : CompletionsMatrixTests
{
    protected override IProviderFake Fake { get; } = new MistralFake();
}
