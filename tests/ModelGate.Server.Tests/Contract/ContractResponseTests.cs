using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Embeddings;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Contract;

/// <summary>
/// What the gateway itself writes validates against OpenAI's schemas, as the served document carries them:
/// chat completions and chunks (from the mock provider and translated from Anthropic), text completions mapped onto
/// chat, an embeddings list translated from Gemini, the model list, and errors (with the gateway's own code enum).
/// </summary>
public sealed class ContractResponseTests : IAsyncLifetime
{
    private readonly AnthropicFake anthropic = new();
    private readonly GeminiEmbeddingsFake gemini = new();
    private FakeUpstream claudeUpstream = null!;
    private FakeUpstream geminiUpstream = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        claudeUpstream = await FakeUpstream.StartAsync();
        geminiUpstream = await FakeUpstream.StartAsync();
        claudeUpstream.Handler = (context, request) => request.Json.TryGetProperty("stream", out var stream) && stream.GetBoolean()
            ? anthropic.WriteTextStreamAsync(context, ["Hel", "lo"], new ConformanceUsage(12, 2))
            : anthropic.WriteTextAsync(context, "Hello", new ConformanceUsage(12, 2));
        geminiUpstream.Handler = (context, request) => gemini.AnswerAsync(context, request);
        gateway = await TestGateway.StartAsync($"""
            providers:
              demo: {"{"} type: mock {"}"}
              flaky: {"{"} type: mock, chunks: 4, fail_after_chunks: 1 {"}"}
              claude:
                {anthropic.ProviderYaml(claudeUpstream.Root).Replace("\n", "\n    ", StringComparison.Ordinal)}
              gemini:
                {gemini.ProviderYaml(geminiUpstream.Root).Replace("\n", "\n    ", StringComparison.Ordinal)}
            models:
              demo:
                deployments: [{"{"} provider: demo, model: echo {"}"}]
              flaky:
                deployments: [{"{"} provider: flaky, model: echo {"}"}]
              claude:
                deployments: [{"{"} provider: claude, model: {anthropic.UpstreamModel} {"}"}]
              embed:
                deployments: [{"{"} provider: gemini, model: {gemini.UpstreamModel} {"}"}]
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await claudeUpstream.DisposeAsync();
        await geminiUpstream.DisposeAsync();
    }

    private async Task<string> PostAsync(string path, string body, int status = 200)
    {
        var response = await gateway.Http.PostAsync(path, ChatBodies.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, text);
        return text;
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("claude")]
    public async Task Chat_completions_match_CreateChatCompletionResponse(string model)
    {
        ContractSchemas.AssertValid("CreateChatCompletionResponse", await PostAsync("v1/chat/completions", ChatBodies.Simple(model)));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("claude")]
    public async Task Chat_chunks_match_CreateChatCompletionStreamResponse(string model)
    {
        var events = ChatBodies.SseData(await PostAsync("v1/chat/completions", ChatBodies.Simple(model, stream: true, extra: ""","stream_options":{"include_usage":true}""")));

        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events[..^1], chunk => ContractSchemas.AssertValid("CreateChatCompletionStreamResponse", chunk));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("claude")]
    public async Task Text_completions_mapped_onto_chat_match_CreateCompletionResponse(string model)
    {
        ContractSchemas.AssertValid("CreateCompletionResponse", await PostAsync("v1/completions", $$"""{"model":"{{model}}","prompt":"Say hello"}"""));

        var events = ChatBodies.SseData(await PostAsync("v1/completions", $$$"""{"model":"{{{model}}}","prompt":"Say hello","stream":true,"stream_options":{"include_usage":true}}"""));
        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events[..^1], chunk => ContractSchemas.AssertValid("CreateCompletionResponse", WithFinishReason(chunk)));
    }

    [Fact]
    public async Task Embeddings_match_CreateEmbeddingResponse()
    {
        ContractSchemas.AssertValid("CreateEmbeddingResponse", await PostAsync("v1/embeddings", """{"model":"embed","input":["one","two"]}"""));
    }

    [Fact]
    public async Task Models_match_ListModelsResponse_and_Model()
    {
        ContractSchemas.AssertValid("ListModelsResponse", await gateway.Http.GetStringAsync("v1/models"));
        ContractSchemas.AssertValid("Model", await gateway.Http.GetStringAsync("v1/models/demo"));
    }

    [Theory]
    [InlineData("v1/chat/completions", "{", 400)]
    [InlineData("v1/chat/completions", """{"model":"nope","messages":[{"role":"user","content":"hi"}]}""", 404)]
    [InlineData("v1/completions", """{"model":"claude","prompt":[1,2]}""", 400)]
    [InlineData("v1/embeddings", """{"model":"claude","input":"hi"}""", 400)]
    [InlineData("v1/nothing-here", "{}", 404)]
    public async Task Errors_match_ErrorResponse_and_carry_a_documented_code(string path, string body, int status)
    {
        var text = await PostAsync(path, body, status);

        ContractSchemas.AssertValid("ErrorResponse", text);
        ContractSchemas.AssertValid("GatewayErrorResponse", text);
        ContractSchemas.AssertValid("GatewayErrorCode", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetRawText());
    }

    [Fact]
    public async Task A_stream_cut_after_its_first_byte_ends_with_an_ErrorResponse_event()
    {
        var events = ChatBodies.SseData(await PostAsync("v1/chat/completions", ChatBodies.Simple("flaky", stream: true)));

        Assert.NotEqual("[DONE]", events[^1]);
        ContractSchemas.AssertValid("ErrorResponse", events[^1]);
    }

    /// <summary>
    /// OpenAI streams text completions in <c>CreateCompletionResponse</c>'s shape, whose schema requires a finish
    /// reason that OpenAI's own streams send as null until the last chunk; a null is read as absent here.
    /// </summary>
    private static string WithFinishReason(string chunk) => chunk.Replace("\"finish_reason\":null", "\"finish_reason\":\"stop\"", StringComparison.Ordinal);
}
