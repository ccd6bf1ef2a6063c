using System.Text.Json;
using ModelGate.Server.Tests.Chat;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Completions;

/// <summary>
/// <c>POST /v1/completions</c>: passed through to an OpenAI-compatible deployment byte for byte, mapped onto chat
/// for an Anthropic one and answered in the <c>text_completion</c> shape, and bad requests named by field. The
/// official OpenAI .NET SDK keeps its legacy completions client internal, so these speak the documented wire format.
/// </summary>
public sealed class CompletionsTests : IAsyncLifetime
{
    private readonly AnthropicFake anthropic = new();
    private FakeUpstream openAi = null!;
    private FakeUpstream claude = null!;
    private TestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        openAi = await FakeUpstream.StartAsync();
        claude = await FakeUpstream.StartAsync();
        openAi.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, CompletionsWire.Completion);
        claude.Handler = (context, _) => anthropic.WriteTextAsync(context, "This is a test.", new ConformanceUsage(12, 6));
        gateway = await TestGateway.StartAsync($"""
            providers:
              openai:
                type: openai-compatible
                base_url: {openAi.BaseUrl}
                api_key: sk-openai
              claude:
                {anthropic.ProviderYaml(claude.Root).Replace("\n", "\n    ", StringComparison.Ordinal)}
            models:
              instruct:
                deployments: [{"{"} provider: openai, model: gpt-3.5-turbo-instruct {"}"}]
              claude:
                deployments: [{"{"} provider: claude, model: {anthropic.UpstreamModel} {"}"}]
            """);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await openAi.DisposeAsync();
        await claude.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string body, string path = "v1/completions") =>
        gateway.Http.PostAsync(path, ChatBodies.Json(body));


    [Fact]
    public async Task The_providers_completion_comes_back_unchanged()
    {
        var response = await PostAsync("""{"model":"instruct","prompt":"Say this is a test","max_tokens":7,"temperature":0}""");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CompletionsWire.Completion, await response.Content.ReadAsStringAsync());
        var sent = openAi.LastRequest;
        Assert.Equal("/v1/completions", sent.Path);
        Assert.Equal("Bearer sk-openai", sent.Headers["authorization"]);
        Assert.Equal("gpt-3.5-turbo-instruct", sent.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Pass_through_changes_only_the_model()
    {
        const string body = """{ "model" : "instruct", "prompt":[[1212, 318], [257]], "suffix":"!", "echo":true, "logprobs":2, "best_of":3, "x_vendor":{"a":[1, 2.50]} }""";

        var response = await PostAsync(body);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(body.Replace("\"instruct\"", "\"gpt-3.5-turbo-instruct\"", StringComparison.Ordinal), openAi.LastRequest.BodyText);
        Assert.Equal(CompletionsWire.Completion, await response.Content.ReadAsStringAsync());
        Assert.Equal("openai/gpt-3.5-turbo-instruct", Assert.Single(response.Headers.GetValues("x-modelgate-deployment")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pass_through_streams_relay_every_chunk_and_show_usage_only_when_asked(bool clientWantsUsage)
    {
        string[] chunks = [CompletionsWire.Chunk("This"), CompletionsWire.Chunk(" is", "length"), CompletionsWire.UsageChunk];
        openAi.Handler = (context, _) => OpenAiWire.WriteSseAsync(context, chunks);
        var options = clientWantsUsage ? ""","stream_options":{"include_usage":true}""" : "";

        var response = await PostAsync($$"""{"model":"instruct","prompt":"Say this is a test","stream":true{{options}}}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.True(openAi.LastRequest.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        var expected = clientWantsUsage ? chunks : chunks[..2];
        Assert.Equal([.. expected, "[DONE]"], ChatBodies.SseData(text));
    }

    [Fact]
    public async Task Mapped_onto_anthropic_the_answer_is_a_text_completion()
    {
        var response = await PostAsync("""{"model":"claude","prompt":"Say this is a test","max_tokens":7,"temperature":0.5,"stop":["\n"],"user":"u-1"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, text);
        var completion = JsonDocument.Parse(text).RootElement;
        Assert.Equal("text_completion", completion.GetProperty("object").GetString());
        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", completion.GetProperty("id").GetString()); // the provider's own id
        var choice = Assert.Single(completion.GetProperty("choices").EnumerateArray());
        Assert.Equal("This is a test.", choice.GetProperty("text").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal(12, completion.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(6, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        var sent = claude.LastRequest.Json;
        Assert.Equal("/v1/messages", claude.LastRequest.Path);
        var message = Assert.Single(sent.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal("Say this is a test", message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(7, sent.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.5, sent.GetProperty("temperature").GetDouble());
        Assert.Equal("\n", sent.GetProperty("stop_sequences")[0].GetString());
    }

    [Fact]
    public async Task Mapped_streams_are_text_completion_chunks_ending_with_done()
    {
        claude.Handler = (context, _) => anthropic.WriteTextStreamAsync(context, ["This", " is", " a test."], new ConformanceUsage(12, 6));

        var response = await PostAsync("""{"model":"claude","prompt":["Say this is a test"],"stream":true,"stream_options":{"include_usage":true}}""");

        var events = ChatBodies.SseData(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, chunk => Assert.Equal("text_completion", chunk.GetProperty("object").GetString()));
        var choices = chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray()).ToList();
        Assert.Equal("This is a test.", string.Concat(choices.Select(c => c.GetProperty("text").GetString())));
        Assert.Equal("stop", choices[^1].GetProperty("finish_reason").GetString());
        Assert.Equal(6, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.True(claude.LastRequest.Json.GetProperty("stream").GetBoolean());
    }

    [Theory]
    [InlineData("""{"prompt":"hi"}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"claude"}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"model":"claude","prompt":{"text":"hi"}}""", "prompt", "invalid_type")]
    [InlineData("""{"model":"claude","prompt":["hi",1]}""", "prompt", "invalid_type")]
    [InlineData("""{"model":"claude","prompt":"hi","stream":"yes"}""", "stream", "invalid_type")]
    [InlineData("""{"model":"claude","prompt":"a","prompt":"b"}""", "prompt", "invalid_value")]
    [InlineData("""{"model":"claude","prompt":[1212,318]}""", "prompt", "unsupported_parameter")]
    [InlineData("""{"model":"claude","prompt":[[1212,318]]}""", "prompt", "unsupported_parameter")]
    [InlineData("""{"model":"claude","prompt":["one","two"]}""", "prompt", "unsupported_parameter")]
    [InlineData("""{"model":"claude","prompt":[]}""", "prompt", "invalid_value")]
    [InlineData("""{"model":"claude","prompt":"hi","suffix":"!"}""", "suffix", "unsupported_parameter")]
    [InlineData("""{"model":"claude","prompt":"hi","echo":true}""", "echo", "unsupported_parameter")]
    [InlineData("""{"model":"claude","prompt":"hi","logprobs":1}""", "logprobs", "unsupported_parameter")]
    [InlineData("""{"model":"claude","prompt":"hi","best_of":2}""", "best_of", "unsupported_parameter")]
    [InlineData("""{"model":"nope","prompt":"hi"}""", "model", "model_not_found")]
    public async Task Bad_requests_are_named_by_field_and_never_reach_a_provider(string body, string param, string code)
    {
        var response = await PostAsync(body);

        var error = await ErrorTests.AssertErrorAsync(response, code == "model_not_found" ? 404 : 400, code);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(claude.Requests);
        Assert.Empty(openAi.Requests);
    }

    [Fact]
    public async Task Fields_that_ask_for_nothing_are_accepted_when_mapped()
    {
        var response = await PostAsync("""{"model":"claude","prompt":"hi","suffix":null,"echo":false,"logprobs":null,"best_of":1}""");

        Assert.Equal(200, (int)response.StatusCode);
        var sent = claude.LastRequest.Json;
        Assert.False(sent.TryGetProperty("echo", out _));
        Assert.False(sent.TryGetProperty("best_of", out _));
    }

    [Fact]
    public async Task Without_a_key_it_is_a_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.BaseUrl + "/v1/completions") { Content = ChatBodies.Json("""{"model":"instruct","prompt":"hi"}""") };
        using var anonymous = new HttpClient();

        await ErrorTests.AssertErrorAsync(await anonymous.SendAsync(request), 401, "missing_api_key");
    }
}
