using System.Net;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Embeddings;

namespace ModelGate.Server.Tests.Embeddings;

/// <summary>
/// <c>/v1/embeddings</c> itself: bad requests named by field before any provider is called, failover between two
/// OpenAI-compatible deployments, and models routed to a provider without an embeddings API.
/// </summary>
public sealed class EmbeddingsEndpointTests : IAsyncLifetime
{
    private readonly OpenAiEmbeddingsFake wire = new();
    private FakeUpstream primary = null!;
    private FakeUpstream secondary = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        primary = await FakeUpstream.StartAsync();
        secondary = await FakeUpstream.StartAsync();
        primary.Handler = (context, request) => wire.AnswerAsync(context, request);
        secondary.Handler = (context, request) => wire.AnswerAsync(context, request);
        gateway = await TestGateway.StartAsync($$"""
            providers:
              a: { type: openai-compatible, base_url: "{{primary.BaseUrl}}" }
              b: { type: openai-compatible, base_url: "{{secondary.BaseUrl}}" }
              claude: { type: anthropic, api_key: sk-ant-test, base_url: "{{primary.Root}}/v1" }
            models:
              embed:
                deployments:
                  - { provider: a, model: embed-a }
                  - { provider: b, model: embed-b }
              mixed:
                deployments:
                  - { provider: claude, model: claude-sonnet-4-5 }
                  - { provider: b, model: embed-b }
              claude:
                deployments: [{ provider: claude, model: claude-sonnet-4-5 }]
            keys:
              - { name: team, key: mg-team-key-0123456789, models: [claude] }
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await primary.DisposeAsync();
        await secondary.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string body) => gateway.Http.PostAsync("v1/embeddings", ChatBodies.Json(body));

    [Theory]
    [InlineData("""{"input":"hi"}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"embed"}""", "input", "missing_required_parameter")]
    [InlineData("""{"model":"embed","input":""}""", "input", "invalid_value")]
    [InlineData("""{"model":"embed","input":[]}""", "input", "invalid_value")]
    [InlineData("""{"model":"embed","input":{"text":"hi"}}""", "input", "invalid_type")]
    [InlineData("""{"model":"embed","input":["hi",3]}""", "input[1]", "invalid_type")]
    [InlineData("""{"model":"embed","input":"hi","encoding_format":"int8"}""", "encoding_format", "invalid_value")]
    [InlineData("""{"model":"embed","input":"hi","dimensions":-1}""", "dimensions", "invalid_value")]
    [InlineData("""{"model":"embed","input":"hi","dimensions":"256"}""", "dimensions", "invalid_type")]
    [InlineData("""{"model":"nope","input":"hi"}""", "model", "model_not_found")]
    public async Task Bad_requests_are_named_by_field_and_never_reach_a_provider(string body, string param, string code)
    {
        var response = await PostAsync(body);

        var error = await ErrorTests.AssertErrorAsync(response, code == "model_not_found" ? 404 : 400, code);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(primary.Requests);
        Assert.Empty(secondary.Requests);
    }

    [Fact]
    public async Task A_key_without_the_model_gets_model_not_found()
    {
        var client = gateway.Client("mg-team-key-0123456789").GetEmbeddingClient("embed");

        var e = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.GenerateEmbeddingsAsync(["hi"]));

        Assert.Equal(404, e.Status);
    }

    [Fact]
    public async Task No_key_is_a_401()
    {
        using var http = new HttpClient();

        var response = await http.PostAsync(gateway.BaseUrl + "/v1/embeddings", ChatBodies.Json("""{"model":"embed","input":"hi"}"""));

        await ErrorTests.AssertErrorAsync(response, 401, "missing_api_key");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_server_error_fails_over_to_the_next_deployment(int status)
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, status, OpenAiWire.Error("upstream down", "server_error", null, null));

        var response = await PostAsync("""{"model":"embed","input":["one","two"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("x-modelgate-attempts").Single());
        Assert.Equal("b/embed-b", response.Headers.GetValues("x-modelgate-deployment").Single());
        Assert.Equal("embed-b", secondary.LastRequest.Json.GetProperty("model").GetString());
        Assert.Single(primary.Requests);
    }

    [Fact]
    public async Task A_client_error_from_the_provider_is_answered_without_trying_elsewhere()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400,
            OpenAiWire.Error("This model does not support specifying dimensions.", "invalid_request_error", "dimensions", null));

        var response = await PostAsync("""{"model":"embed","input":"hi","dimensions":64}""");

        var error = await ErrorTests.AssertErrorAsync(response, 400, "upstream_error");
        Assert.Equal("dimensions", error.GetProperty("param").GetString());
        Assert.Empty(secondary.Requests);
    }

    [Fact]
    public async Task Every_deployment_failing_returns_the_last_failure()
    {
        primary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 502, "{}");
        secondary.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 500, OpenAiWire.Error("boom", "server_error", null, null));

        var response = await PostAsync("""{"model":"embed","input":"hi"}""");

        await ErrorTests.AssertErrorAsync(response, 502, "upstream_error");
        // Two deployments in each of three rounds: the first and two retries (routing.retries.max defaults to 2).
        Assert.Equal("6", response.Headers.GetValues("x-modelgate-attempts").Single());
    }

    [Fact]
    public async Task A_model_only_on_a_provider_without_embeddings_is_a_clear_400()
    {
        var response = await PostAsync("""{"model":"claude","input":"hi"}""");

        var error = await ErrorTests.AssertErrorAsync(response, 400, "embeddings_not_supported");
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Contains("anthropic", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(primary.Requests);
    }

    [Fact]
    public async Task Deployments_without_embeddings_are_passed_over()
    {
        OpenAIEmbeddingCollection embeddings = await gateway.Client().GetEmbeddingClient("mixed").GenerateEmbeddingsAsync(["hi"]);

        Assert.Equal(EmbeddingsFake.VectorFor("hi"), embeddings[0].ToFloats().ToArray());
        Assert.Empty(primary.Requests);
        Assert.Equal("embed-b", secondary.LastRequest.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Token_id_inputs_pass_through_to_openai()
    {
        OpenAIEmbeddingCollection embeddings = await gateway.Client().GetEmbeddingClient("embed")
            .GenerateEmbeddingsAsync([new ReadOnlyMemory<int>([9906, 1917])]);

        Assert.Single(embeddings);
        Assert.Equal("[[9906,1917]]", primary.LastRequest.Json.GetProperty("input").GetRawText());
        Assert.Contains(gateway.Logs.Lines, line => line.Contains("embeddings ", StringComparison.Ordinal) && line.Contains("outcome=ok", StringComparison.Ordinal));
    }
}
