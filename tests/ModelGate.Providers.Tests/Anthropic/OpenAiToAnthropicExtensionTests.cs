using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>
/// The gateway's extension fields for Anthropic features OpenAI's format cannot say (written by the Anthropic
/// Messages ingress, and open to any client): <c>top_k</c>, <c>thinking</c>, and <c>is_error</c> / <c>cache_control</c>
/// on tool messages.
/// </summary>
public sealed class OpenAiToAnthropicExtensionTests
{
    private static AnthropicTranslation Translate(string extra, string messages = """[{"role":"user","content":"hi"}]""")
    {
        var json = $$"""{"model":"m","messages":{{messages}}{{(extra.Length > 0 ? "," + extra : "")}}}""";
        var request = JsonSerializer.Deserialize(json, OpenAiWireContext.Default.OpenAiChatRequest)!;
        return OpenAiToAnthropic.Translate(request, AnthropicTestData.Settings(), new AnthropicBodyOptions(AnthropicTestData.Model, false));
    }

    private static JsonElement Body(string extra, string messages = """[{"role":"user","content":"hi"}]""")
    {
        var translation = Translate(extra, messages);
        Assert.Null(translation.Refusal);
        return JsonDocument.Parse(translation.Body!).RootElement;
    }

    [Fact]
    public void TopKIsPassedOn()
    {
        Assert.Equal(40, Body("\"top_k\":40").GetProperty("top_k").GetInt32());
        Assert.False(Body("").TryGetProperty("top_k", out _));
    }

    [Theory]
    [InlineData("\"top_k\":\"40\"")]
    [InlineData("\"top_k\":-1")]
    [InlineData("\"top_k\":1.5")]
    public void ATopKThatIsNotANonNegativeIntegerIsA400(string field)
    {
        var error = Translate(field).Refusal;

        Assert.Equal(400, error?.Status);
        Assert.Equal("top_k", error?.Param);
    }

    [Fact]
    public void ThinkingIsSentAsGivenWithMaxTokensUntouched()
    {
        var body = Body("\"max_tokens\":16000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000}");

        AnthropicTestData.AssertJsonEqual("""{"type":"enabled","budget_tokens":10000}""", body.GetProperty("thinking").GetRawText());
        Assert.Equal(16000, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void ThinkingDisabledSendsNoThinking()
    {
        Assert.False(Body("\"thinking\":{\"type\":\"disabled\"}").TryGetProperty("thinking", out _));
    }

    [Theory]
    [InlineData("\"thinking\":{\"type\":\"enabled\"}")]
    [InlineData("\"thinking\":{\"type\":\"sometimes\"}")]
    [InlineData("\"thinking\":true")]
    [InlineData("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"reasoning_effort\":\"high\"")]
    public void AThinkingFieldThatCannotBeSentIsA400(string field)
    {
        var error = Translate(field).Refusal;

        Assert.Equal(ErrorCodes.InvalidValue, error?.Code);
        Assert.Equal("thinking", error?.Param);
    }

    [Fact]
    public void ToolMessagesCarryIsErrorAndCacheControlToTheirToolResult()
    {
        var body = Body("", """
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"t1","content":"boom","is_error":true,"cache_control":{"type":"ephemeral"}}]
            """);

        AnthropicTestData.AssertJsonEqual(
            """{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"boom"}],"is_error":true,"cache_control":{"type":"ephemeral"}}""",
            body.GetProperty("messages")[2].GetProperty("content")[0].GetRawText());
    }

    [Fact]
    public void ToolMessagesWithoutTheExtensionsAreUnchanged()
    {
        var body = Body("", """
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"t1","content":"ok","is_error":false}]
            """);

        AnthropicTestData.AssertJsonEqual(
            """{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"ok"}]}""",
            body.GetProperty("messages")[2].GetProperty("content")[0].GetRawText());
    }
}
