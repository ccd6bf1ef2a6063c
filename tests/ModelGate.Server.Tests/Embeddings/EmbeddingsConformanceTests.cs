using System.ClientModel;
using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Embeddings;

namespace ModelGate.Server.Tests.Embeddings;

/// <summary>
/// The embeddings conformance suite: the official OpenAI .NET SDK's <see cref="EmbeddingClient"/> (and raw HTTP
/// for what the SDK does not send) drives the real gateway, whose only deployment is a fake upstream speaking one
/// provider's exact wire format. Subclassed once per provider API.
/// </summary>
public abstract class EmbeddingsConformanceTests : IAsyncLifetime
{
    private const string Model = "embed";
    private static readonly string[] Texts = ["The food was delicious", "The waiter was friendly", "Zebras graze at dawn"];

    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    protected abstract EmbeddingsFake Fake { get; }

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        upstream.Handler = (context, request) => Fake.AnswerAsync(context, request);
        gateway = await SingleProviderGateway.StartAsync(Fake.ProviderYaml(upstream.Root), Model, Fake.UpstreamModel);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
        (Fake as IDisposable)?.Dispose();
    }

    private EmbeddingClient Client => gateway.Client().GetEmbeddingClient(Model);

    private List<RecordedRequest> EmbeddingsCalls => upstream.Requests.Where(Fake.IsEmbeddingsCall).ToList();

    [Fact]
    public async Task Sdk_batch_in_base64_round_trips_every_vector()
    {
        OpenAIEmbeddingCollection embeddings = await Client.GenerateEmbeddingsAsync(Texts);

        Assert.Equal(Texts.Length, embeddings.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(i, embeddings[i].Index);
            Assert.Equal(EmbeddingsFake.VectorFor(Texts[i]), embeddings[i].ToFloats().ToArray());
        }

        var tokens = Fake.ReportsUsage ? EmbeddingsFake.TokensPerInput * Texts.Length : 0;
        Assert.Equal(tokens, embeddings.Usage.InputTokenCount);
        Assert.Equal(tokens, embeddings.Usage.TotalTokenCount);
        Assert.Equal(Texts, Fake.TextsSent(EmbeddingsCalls));
    }

    [Fact]
    public async Task Float_vectors_come_back_as_json_numbers()
    {
        var response = await gateway.Http.PostAsync("v1/embeddings", ChatBodies.Json(
            $$"""{"model":"{{Model}}","input":"{{Texts[0]}}","encoding_format":"float"}"""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        var item = Assert.Single(root.GetProperty("data").EnumerateArray());
        Assert.Equal("embedding", item.GetProperty("object").GetString());
        Assert.Equal(0, item.GetProperty("index").GetInt32());
        Assert.Equal(EmbeddingsFake.VectorFor(Texts[0]), item.GetProperty("embedding").EnumerateArray().Select(value => value.GetSingle()).ToArray());
        Assert.Equal($"p/{Fake.UpstreamModel}", response.Headers.GetValues("x-modelgate-deployment").Single());
        Assert.Equal("1", response.Headers.GetValues("x-modelgate-attempts").Single());
        Assert.Equal([Texts[0]], Fake.TextsSent(EmbeddingsCalls));
    }

    [Fact]
    public async Task Dimensions_reach_the_provider_or_are_refused_by_name()
    {
        var options = new EmbeddingGenerationOptions { Dimensions = 256 };

        if (Fake.TakesDimensions)
        {
            await Client.GenerateEmbeddingsAsync(Texts[..2], options);
            Assert.All(EmbeddingsCalls, request => Assert.Equal(256, Fake.DimensionsSent(request)));
        }
        else
        {
            var e = await Assert.ThrowsAsync<ClientResultException>(() => Client.GenerateEmbeddingsAsync(Texts[..2], options));
            Assert.Equal(400, e.Status);
            Assert.Contains("'dimensions'", e.Message, StringComparison.Ordinal);
            Assert.Empty(EmbeddingsCalls);
        }
    }

    [Fact]
    public async Task Without_dimensions_none_are_sent()
    {
        await Client.GenerateEmbeddingsAsync(Texts[..1]);

        Assert.All(EmbeddingsCalls, request => Assert.Null(Fake.DimensionsSent(request)));
    }

    [Fact]
    public async Task A_provider_rate_limit_is_a_429_with_retry_after()
    {
        upstream.Handler = (context, request) => Fake.RateLimitAsync(context, request);

        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client.GenerateEmbeddingsAsync(Texts[..1]));
        Assert.Equal(429, e.Status);
        Assert.Equal("3", e.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter) ? retryAfter : null);
    }
}

public sealed class OpenAiEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new OpenAiEmbeddingsFake();
}

public sealed class AzureEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new AzureEmbeddingsFake();
}

public sealed class GeminiEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new GeminiEmbeddingsFake();
}

public sealed class VertexEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new VertexEmbeddingsFake();
}

public sealed class TitanEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new TitanEmbeddingsFake();
}

public sealed class BedrockCohereEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new BedrockCohereEmbeddingsFake();
}

public sealed class CohereEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new CohereEmbeddingsFake();
}

public sealed class MistralEmbeddingsConformanceTests : EmbeddingsConformanceTests
{
    protected override EmbeddingsFake Fake { get; } = new MistralEmbeddingsFake();
}
