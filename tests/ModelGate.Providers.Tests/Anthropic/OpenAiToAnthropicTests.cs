using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>The request translator: golden files under Fixtures/openai-anthropic, then the rules one by one.</summary>
public sealed class OpenAiToAnthropicTests
{
    private static AnthropicTranslation Translate(string json, bool drop = false, AnthropicBodyOptions? options = null)
    {
        var request = JsonSerializer.Deserialize(json, OpenAiWireContext.Default.OpenAiChatRequest)!;
        return OpenAiToAnthropic.Translate(request, AnthropicTestData.Settings(drop), options ?? new AnthropicBodyOptions(AnthropicTestData.Model, request.Stream == true));
    }

    private static JsonElement Body(string json, bool drop = false, AnthropicBodyOptions? options = null)
    {
        var translation = Translate(json, drop, options);
        Assert.Null(translation.Refusal);
        return JsonDocument.Parse(translation.Body!).RootElement;
    }

    private static GatewayError Refusal(string json, bool drop = false)
    {
        var translation = Translate(json, drop);
        Assert.Null(translation.Body);
        return translation.Refusal!;
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("tools")]
    [InlineData("images-and-cache")]
    [InlineData("thinking")]
    [InlineData("json-schema")]
    [InlineData("json-object")]
    public void TranslatesAsTheGoldenFileSays(string name)
    {
        var translation = Translate(AnthropicTestData.Fixture("openai-anthropic", $"{name}.openai.json"));

        Assert.Null(translation.Refusal);
        AnthropicTestData.AssertJsonEqual(AnthropicTestData.Fixture("openai-anthropic", $"{name}.anthropic.json"), Encoding.UTF8.GetString(translation.Body!));
    }

    [Theory]
    [InlineData("seed", "1")]
    [InlineData("presence_penalty", "0.5")]
    [InlineData("frequency_penalty", "0.5")]
    [InlineData("logprobs", "true")]
    [InlineData("logit_bias", "{\"50256\": -100}")]
    public void FieldsAnthropicCannotTakeAreA400NamingThem(string field, string value)
    {
        var error = Refusal($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"{{field}}":{{value}}}""");

        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(field, error.Param);
    }

    [Fact]
    public void DropUnsupportedParamsDropsThem()
    {
        var body = Body("""{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":1,"n":3,"frequency_penalty":1}""", drop: true);

        Assert.False(body.TryGetProperty("seed", out _));
        Assert.False(body.TryGetProperty("n", out _));
        Assert.False(body.TryGetProperty("frequency_penalty", out _));
    }

    [Fact]
    public void SeveralChoicesAreRefused()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"n":2}""");

        Assert.Equal("n", error.Param);
        Assert.Contains("one choice", error.Message);
    }

    [Theory]
    [InlineData("minimal", 1024, 4096)]
    [InlineData("low", 1024, 4096)]
    [InlineData("medium", 4096, 8192)]
    [InlineData("high", 16384, 20480)]
    public void ReasoningEffortBecomesAThinkingBudgetBelowMaxTokens(string effort, int budget, int maxTokens)
    {
        var body = Body($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"{{effort}}"}""");

        Assert.Equal("enabled", body.GetProperty("thinking").GetProperty("type").GetString());
        Assert.Equal(budget, body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
        Assert.Equal(maxTokens, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void ReasoningEffortNoneSendsNoThinkingAndAnUnknownEffortIsA400()
    {
        Assert.False(Body("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""").TryGetProperty("thinking", out _));

        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme"}""");
        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal("reasoning_effort", error.Param);
    }

    [Fact]
    public void TheConfiguredDefaultMaxTokensIsUsedWhenTheClientSetsNone()
    {
        var body = Body("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", options: new AnthropicBodyOptions("m", false, DefaultMaxTokens: 1000));

        Assert.Equal(1000, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void VertexFormLeavesOutTheModelAndCarriesTheVersionInTheBody()
    {
        var body = Body("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""",
            options: new AnthropicBodyOptions(Model: null, Stream: true, AnthropicVersion: "vertex-2023-10-16"));

        Assert.False(body.TryGetProperty("model", out _));
        Assert.Equal("vertex-2023-10-16", body.GetProperty("anthropic_version").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Theory]
    [InlineData("\"auto\"", """{"type":"auto"}""")]
    [InlineData("\"required\"", """{"type":"any"}""")]
    [InlineData("\"none\"", """{"type":"none"}""")]
    public void ToolChoiceStringsMapToAnthropicTypes(string choice, string expected)
    {
        var body = Body($$$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{{{choice}}}}""");

        AnthropicTestData.AssertJsonEqual(expected, body.GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public void NoParallelToolCallsWithoutAToolChoiceIsAutoWithParallelUseDisabled()
    {
        var body = Body("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"parallel_tool_calls":false}""");

        AnthropicTestData.AssertJsonEqual("""{"type":"auto","disable_parallel_tool_use":true}""", body.GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public void AnUnknownToolChoiceIsA400()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"sometimes"}""");

        Assert.Equal("tool_choice", error.Param);
    }

    [Fact]
    public void JsonObjectWithToolsIsRefusedAndTheReservedToolNameIsA400()
    {
        var withTools = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"response_format":{"type":"json_object"}}""");
        Assert.Equal("response_format", withTools.Param);

        var reserved = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"modelgate_json_object"}}]}""");
        Assert.Equal(ErrorCodes.InvalidValue, reserved.Code);
    }

    [Fact]
    public void ToolCallArgumentsThatAreNotAnObjectAreA400()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}""");

        Assert.Equal("messages[0].tool_calls[0].function.arguments", error.Param);
    }

    [Fact]
    public void AudioInputIsUnsupported()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""");

        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal("messages[0].content[0]", error.Param);
    }

    [Fact]
    public void ATextlessAssistantTurnIsLeftOutAndAToolResultWithoutContentHasNone()
    {
        var body = Body("""{"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":""},{"role":"tool","tool_call_id":"t","content":""}]}""");

        var messages = body.GetProperty("messages");
        Assert.Equal(1, messages.GetArrayLength());
        AnthropicTestData.AssertJsonEqual("""[{"type":"text","text":"a"},{"type":"tool_result","tool_use_id":"t"}]""", messages[0].GetProperty("content").GetRawText());
    }

    [Fact]
    public void AnUnknownRoleIsA400()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"function","content":"x"}]}""");

        Assert.Equal("messages[0].role", error.Param);
    }
}
