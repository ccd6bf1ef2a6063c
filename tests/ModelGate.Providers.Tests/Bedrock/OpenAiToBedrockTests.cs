using System.Net;
using ModelGate.Core.Errors;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>OpenAI requests as the Converse bodies they become (Fixtures/openai-bedrock), and what is refused.</summary>
public sealed class OpenAiToBedrockTests
{
    private const string Ok = """{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}""";

    private static async Task<CapturedRequest> SendAsync(string json, Core.Configuration.ProviderSettings? settings = null, string model = BedrockTestKit.Model)
    {
        var handler = VerbatimHttpHandler.Json(Ok);
        var outcome = await BedrockTestKit.Provider(handler, settings).SendChatAsync(TestData.Call(json, model), default);
        Assert.IsType<Core.Providers.ChatCompleted>(outcome);
        return handler.Request!;
    }

    private static async Task<GatewayError> RefusedAsync(string json, string model = BedrockTestKit.Model)
    {
        var handler = VerbatimHttpHandler.Json(Ok);
        var outcome = await BedrockTestKit.Provider(handler).SendChatAsync(TestData.Call(json, model), default);
        Assert.Equal(0, handler.Calls);
        return outcome.AssertFailed(retriable: false);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("tools")]
    [InlineData("named-tool")]
    [InlineData("tool-choice-none")]
    [InlineData("image")]
    [InlineData("json-schema")]
    [InlineData("json-object")]
    [InlineData("reasoning")]
    public async Task TranslatesToTheGoldenConverseBody(string name)
    {
        var request = await SendAsync(BedrockTestKit.Fixture("openai-bedrock", $"{name}.openai.json"));

        BedrockTestKit.AssertJson(BedrockTestKit.Fixture("openai-bedrock", $"{name}.bedrock.json"), request.BodyText);
    }

    [Fact]
    public async Task DefaultMaxTokensComesFromTheProviderOption()
    {
        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", BedrockTestKit.Settings(defaultMaxTokens: "1024"));

        BedrockTestKit.AssertJson("""{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":1024}}""", request.BodyText);
    }

    [Fact]
    public async Task WithoutALimitInferenceConfigIsLeftOut()
    {
        var request = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");

        BedrockTestKit.AssertJson("""{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""", request.BodyText);
    }

    [Fact]
    public async Task ToolChoiceNoneKeepsToolsWhenTheHistoryHasToolBlocks()
    {
        var request = await SendAsync("""
            {"model":"gw","tool_choice":"none","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"t1","content":"r"}]}
            """);

        BedrockTestKit.AssertJson("""{"tools":[{"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}}]}""", request.Json()["toolConfig"]!.ToJsonString());
    }

    [Theory]
    [InlineData("seed", "5")]
    [InlineData("user", "\"u1\"")]
    [InlineData("presence_penalty", "0.5")]
    [InlineData("frequency_penalty", "0.5")]
    [InlineData("logit_bias", "{\"1\":2}")]
    [InlineData("n", "2")]
    [InlineData("parallel_tool_calls", "false")]
    public async Task UnsupportedParametersAreRefusedByName(string field, string value)
    {
        var error = await RefusedAsync($$"""{"model":"gw","messages":[{"role":"user","content":"hi"}],"{{field}}":{{value}}}""");

        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(field, error.Param);
    }

    [Fact]
    public async Task UnsupportedParametersAreDroppedWhenConfigured()
    {
        var request = await SendAsync("""
            {"model":"gw","seed":5,"n":3,"messages":[{"role":"user","content":[{"type":"text","text":"hi"},
             {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}]}
            """, BedrockTestKit.Settings(drop: true));

        BedrockTestKit.AssertJson("""{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""", request.BodyText);
    }

    [Fact]
    public async Task ImageUrlsThatAreNotDataUrlsAreRefused()
    {
        var error = await RefusedAsync("""{"model":"gw","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");

        Assert.Equal("messages[0].content[0]", error.Param);
        Assert.Contains("base64 data URLs", error.Message);
    }

    [Fact]
    public async Task ReasoningEffortIsRefusedForModelsOtherThanAnthropic()
    {
        var error = await RefusedAsync("""{"model":"gw","reasoning_effort":"low","messages":[{"role":"user","content":"hi"}]}""", "amazon.nova-pro-v1:0");

        Assert.Equal("reasoning_effort", error.Param);
    }

    [Fact]
    public async Task ResponseFormatWithToolsIsRefused()
    {
        var error = await RefusedAsync("""
            {"model":"gw","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"},
             "tools":[{"type":"function","function":{"name":"f"}}]}
            """);

        Assert.Equal("response_format", error.Param);
    }

    [Fact]
    public async Task ToolCallArgumentsThatAreNotJsonAreAnInvalidValue()
    {
        var error = await RefusedAsync("""
            {"model":"gw","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}
            """);

        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal("messages[1].tool_calls[0].function.arguments", error.Param);
    }

    [Fact]
    public async Task ABodyOfTheWrongTypeIsRefusedBeforeSending()
    {
        var error = await RefusedAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""");

        Assert.Equal(HttpStatusCode.BadRequest, (HttpStatusCode)error.Status);
    }
}

internal static class CapturedRequestJson
{
    public static System.Text.Json.Nodes.JsonNode Json(this CapturedRequest request) => System.Text.Json.Nodes.JsonNode.Parse(request.Body)!;
}
