using System.Text;
using System.Text.Json;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.Responses;

/// <summary>Responses request in, exact chat completions request out: golden files under Fixtures/responses-chat.</summary>
public sealed class ResponsesToChatTests
{
    [Theory]
    [InlineData("string-input")]
    [InlineData("multi-turn")]
    [InlineData("json-schema")]
    [InlineData("tools")]
    public void BuildsTheChatRequestTheGoldenFileHolds(string name)
    {
        var request = ResponsesTestData.Read(ResponsesTestData.Fixture("responses-chat", $"{name}.responses.json"));
        var history = ResponsesTestData.FixtureExists("responses-chat", $"{name}.history.json")
            ? ResponsesTestData.Items(ResponsesTestData.Fixture("responses-chat", $"{name}.history.json"))
            : [];

        var body = ResponsesToChat.Build(request, history, out var error);

        Assert.Null(error);
        ResponsesTestData.AssertGoldenJson(Encoding.UTF8.GetString(body!), "responses-chat", $"{name}.chat.json");
    }

    [Fact]
    public void TheCallerSeesTheFieldsItActsOn()
    {
        var request = ResponsesTestData.Read("""
            {"model":"m","input":"hi","store":false,"previous_response_id":"resp_1","truncation":"auto",
             "include":["reasoning.encrypted_content"],"prompt_cache_key":"k","metadata":{"a":"b"},"stream":true}
            """);

        Assert.False(request.Store);
        Assert.Equal("resp_1", request.PreviousResponseId);
        Assert.Equal("auto", request.Truncation);
        Assert.Equal(["reasoning.encrypted_content"], request.Include);
        Assert.Equal("k", request.PromptCacheKey);
        Assert.True(request.Stream);
        Assert.Equal("b", request.Metadata!.Value.GetProperty("a").GetString());
    }

    [Fact]
    public void MetadataAndCacheHintsAreNotSentUpstream()
    {
        var request = ResponsesTestData.Read("""{"model":"m","input":"hi","metadata":{"a":"b"},"prompt_cache_key":"k","store":true}""");

        var body = Encoding.UTF8.GetString(ResponsesToChat.Build(request, [], out _)!);

        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", body);
    }

    [Fact]
    public void ReasoningWithNothingAfterItIsDropped()
    {
        var request = ResponsesTestData.Read("""
            {"model":"m","input":[{"role":"user","content":"hi"},{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"hmm"}]}]}
            """);

        var body = Encoding.UTF8.GetString(ResponsesToChat.Build(request, [], out _)!);

        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", body);
    }

    [Fact]
    public void ThinkingBlocksComeBackFromEncryptedContent()
    {
        var writer = new ResponsesStreamWriter(ResponsesTestData.Read("""{"model":"m","input":"hi"}"""), ResponsesTestData.ResponseId, 1, TimeProvider.System);
        var sink = new System.Buffers.ArrayBufferWriter<byte>();
        writer.Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"reasoning_content":"think","thinking_blocks":[{"type":"thinking","thinking":"think","signature":"sig"}]}}]}"""u8, sink);
        writer.Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}"""u8, sink);
        writer.Complete(sink);
        var first = ResponsesTestData.Read("""{"model":"m","input":"hi"}""");
        var history = ResponsesHistory.Append([], first, writer.Response());

        var body = Encoding.UTF8.GetString(ResponsesToChat.Build(ResponsesTestData.Read("""{"model":"m","input":"again"}"""), history, out _)!);

        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"ok","reasoning_content":"think","thinking_blocks":[{"type":"thinking","thinking":"think","signature":"sig"}]},{"role":"user","content":"again"}]}""",
            body);
    }

    [Fact]
    public void OpenAisOwnEncryptedReasoningIsIgnored()
    {
        var request = ResponsesTestData.Read("""
            {"model":"m","input":[{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAAABo..."},
             {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"ok"}]}
            """);

        var body = Encoding.UTF8.GetString(ResponsesToChat.Build(request, [], out _)!);

        Assert.Equal(
            """{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}]}""",
            body);
    }

    [Fact]
    public void StoredHistorySurvivesSerialization()
    {
        var items = ResponsesTestData.Items("""[{"type":"message","role":"user","content":"hi"}]""");

        var restored = ResponsesHistory.Deserialize(ResponsesHistory.Serialize(items));

        Assert.Equal("""{"type":"message","role":"user","content":"hi"}""", JsonSerializer.Serialize(restored.Single()));
        Assert.Empty(ResponsesHistory.Deserialize("not json"u8));
    }
}
