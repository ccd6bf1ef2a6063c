using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Providers.Tests.Ingress.Anthropic;

/// <summary>The response translator: golden files under Fixtures/openai-messages, then the rules one by one.</summary>
public sealed class MessagesResponseTranslatorTests
{
    private static JsonElement Message(string completion)
    {
        var translation = MessagesResponseTranslator.Translate(Encoding.UTF8.GetBytes(completion), MessagesTestData.Model);
        Assert.Null(translation.Error);
        return JsonDocument.Parse(translation.Body!).RootElement;
    }

    private static string Completion(string message, string finishReason = "stop", string id = "chatcmpl-1", string usage = "") =>
        $$"""{"id":"{{id}}","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{{message}},"logprobs":null,"finish_reason":"{{finishReason}}"}]{{usage}}}""";

    [Theory]
    [InlineData("text")]
    [InlineData("tool-calls")]
    [InlineData("thinking")]
    public void TranslatesAsTheGoldenFileSays(string name)
    {
        var translation = MessagesResponseTranslator.Translate(
            Encoding.UTF8.GetBytes(MessagesTestData.Fixture("openai-messages", $"{name}.openai.json")), MessagesTestData.Model);

        Assert.Null(translation.Error);
        MessagesTestData.AssertJsonEqual(MessagesTestData.Fixture("openai-messages", $"{name}.message.json"), Encoding.UTF8.GetString(translation.Body!));
    }

    [Fact]
    public void FieldsComeInTheMessagesApiOrder()
    {
        var message = Message(Completion("""{"role":"assistant","content":"Hi"}"""));

        Assert.Equal(["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"], message.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("stop", "end_turn")]
    [InlineData("length", "max_tokens")]
    [InlineData("tool_calls", "tool_use")]
    [InlineData("function_call", "tool_use")]
    [InlineData("content_filter", "refusal")]
    public void FinishReasonsBecomeStopReasons(string finishReason, string stopReason)
    {
        var message = Message(Completion("""{"role":"assistant","content":"Hi"}""", finishReason));

        Assert.Equal(stopReason, message.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_sequence").ValueKind);
    }

    [Fact]
    public void ToolCallsWithAStopFinishAreStillToolUse()
    {
        var message = Message(Completion("""{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}"""));

        Assert.Equal("tool_use", message.GetProperty("stop_reason").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    public void ArgumentsThatAreNotAJsonObjectBecomeAnEmptyInput(string arguments)
    {
        var call = JsonSerializer.Serialize(arguments);
        var message = Message(Completion($$$"""{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{{{call}}}}}]}"""));

        Assert.Equal("{}", message.GetProperty("content")[0].GetProperty("input").GetRawText());
    }

    [Fact]
    public void ReasoningWithoutSignedBlocksIsOneThinkingBlockWithAnEmptySignature()
    {
        var message = Message(Completion("""{"role":"assistant","content":"42","reasoning_content":"Think."}"""));

        MessagesTestData.AssertJsonEqual(
            """[{"type":"thinking","thinking":"Think.","signature":""},{"type":"text","text":"42"}]""",
            message.GetProperty("content").GetRawText());
    }

    [Fact]
    public void ARefusalIsTheText()
    {
        var message = Message(Completion("""{"role":"assistant","content":null,"refusal":"I can't help with that."}""", "content_filter"));

        MessagesTestData.AssertJsonEqual("""[{"type":"text","text":"I can't help with that."}]""", message.GetProperty("content").GetRawText());
        Assert.Equal("refusal", message.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void AnEmptyAnswerHasNoBlocksAndZeroUsage()
    {
        var message = Message(Completion("""{"role":"assistant","content":""}"""));

        Assert.Equal(0, message.GetProperty("content").GetArrayLength());
        MessagesTestData.AssertJsonEqual("""{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}""", message.GetProperty("usage").GetRawText());
    }

    [Fact]
    public void MissingIdsAreGeneratedInAnthropicForm()
    {
        var message = Message(Completion("""{"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}""", id: ""));

        Assert.StartsWith("msg_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("toolu_", message.GetProperty("content")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"x","choices":[]}""")]
    [InlineData("""{"id":"x","choices":"no"}""")]
    public void AnAnswerThatIsNotACompletionIsA502(string body)
    {
        var translation = MessagesResponseTranslator.Translate(Encoding.UTF8.GetBytes(body), MessagesTestData.Model);

        Assert.Null(translation.Body);
        Assert.Equal(502, translation.Error?.Status);
        Assert.Equal(ErrorCodes.UpstreamError, translation.Error?.Code);
    }
}
