using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Tests.Gemini;

/// <summary>OpenAI requests → Gemini request bodies: golden files, then the refusals.</summary>
public sealed class OpenAiToGeminiTests
{
    private static GeminiRequest? Translate(string json, out GatewayError? error, bool stream = false, bool drop = false, int? defaultMaxTokens = null)
    {
        var request = JsonSerializer.Deserialize(json, OpenAiWireContext.Default.OpenAiChatRequest)!;
        return OpenAiToGemini.Translate(request, GeminiTestData.Settings(drop: drop), stream, defaultMaxTokens, out error);
    }

    private static string Body(GeminiRequest request) => JsonSerializer.Serialize(request, GeminiWireContext.Default.GeminiRequest);

    [Theory]
    [InlineData("text")]
    [InlineData("tools")]
    [InlineData("structured")]
    public void RequestMatchesGoldenFile(string name)
    {
        var translated = Translate(GeminiTestData.Fixture("openai-gemini", $"{name}.openai.json"), out var error);

        Assert.Null(error);
        GeminiTestData.AssertSameJson(GeminiTestData.Fixture("openai-gemini", $"{name}.gemini.json"), Body(translated!));
    }

    [Theory]
    [InlineData("\"auto\"", """{"functionCallingConfig":{"mode":"AUTO"}}""")]
    [InlineData("\"required\"", """{"functionCallingConfig":{"mode":"ANY"}}""")]
    [InlineData("\"none\"", """{"functionCallingConfig":{"mode":"NONE"}}""")]
    public void ToolChoiceModes(string choice, string expected)
    {
        var translated = Translate($$$"""{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{{{choice}}}}""", out _);

        GeminiTestData.AssertSameJson(expected, JsonSerializer.Serialize(translated!.ToolConfig!, GeminiWireContext.Default.GeminiRequest.Options));
    }

    [Theory]
    [InlineData("json_object", """{"responseMimeType":"application/json"}""")]
    [InlineData("text", null)]
    public void ResponseFormats(string type, string? expected)
    {
        var translated = Translate($$$"""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"{{{type}}}"}}""", out _);

        if (expected is null)
        {
            Assert.Null(translated!.GenerationConfig);
        }
        else
        {
            GeminiTestData.AssertSameJson(expected, JsonSerializer.Serialize(translated!.GenerationConfig!, GeminiWireContext.Default.GeminiRequest.Options));
        }
    }

    [Fact]
    public void ReasoningEffortNoneTurnsThinkingOffWithoutThoughts()
    {
        var translated = Translate("""{"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"none"}""", out _);

        Assert.Equal(0, translated!.GenerationConfig!.ThinkingConfig!.ThinkingBudget);
        Assert.Null(translated.GenerationConfig.ThinkingConfig.IncludeThoughts);
    }

    [Fact]
    public void DefaultMaxTokensAppliesOnlyWhenTheClientSetsNone()
    {
        Assert.Equal(4096, Translate("""{"model":"m","messages":[{"role":"user","content":"x"}]}""", out _, defaultMaxTokens: 4096)!.GenerationConfig!.MaxOutputTokens);
        Assert.Equal(10, Translate("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":10}""", out _, defaultMaxTokens: 4096)!.GenerationConfig!.MaxOutputTokens);
    }

    [Fact]
    public void InputAudioAndInlineFilesAreInlineData()
    {
        var translated = Translate("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
              {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}
            """, out var error);

        Assert.Null(error);
        GeminiTestData.AssertSameJson(
            """[{"inlineData":{"mimeType":"audio/wav","data":"UklGRg=="}},{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}}]""",
            JsonSerializer.Serialize(translated!.Contents[0].Parts, GeminiWireContext.Default.GeminiRequest.Options));
    }

    [Theory]
    [InlineData(""" "user":"u-1" """, "user")]
    [InlineData(""" "logprobs":true """, "logprobs")]
    [InlineData(""" "parallel_tool_calls":false """, "parallel_tool_calls")]
    [InlineData(""" "n":2,"stream":true """, "n")]
    public void UnsupportedParametersAreRefusedByName(string field, string param)
    {
        var translated = Translate($$$"""{"model":"m","messages":[{"role":"user","content":"x"}],{{{field}}}}""", out var error, stream: field.Contains("stream"));

        Assert.Null(translated);
        Assert.Equal(400, error!.Status);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void UnsupportedParametersAreDroppedWhenConfigured()
    {
        var translated = Translate("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"file","file":{"file_id":"file-1"}}]}],"user":"u","parallel_tool_calls":false}""",
            out var error, drop: true);

        Assert.Null(error);
        Assert.Equal("x", Assert.Single(translated!.Contents[0].Parts).Text);
    }

    [Fact]
    public void FileIdPartIsRefused()
    {
        Translate("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]}""", out var error);

        Assert.Equal(ErrorCodes.UnsupportedParameter, error!.Code);
        Assert.Equal("messages[0].content", error.Param);
    }

    [Fact]
    public void ToolResultForAnUnknownCallIsA400()
    {
        Translate("""{"model":"m","messages":[{"role":"tool","tool_call_id":"call_x","content":"1"}]}""", out var error);

        Assert.Equal(400, error!.Status);
        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal("messages[0].tool_call_id", error.Param);
    }

    [Theory]
    [InlineData(""" "reasoning_effort":"extreme" """, "reasoning_effort")]
    [InlineData(""" "seed":9999999999 """, "seed")]
    [InlineData(""" "tool_choice":"sometimes" """, "tool_choice")]
    public void InvalidValuesAreA400(string field, string param)
    {
        Translate($$$"""{"model":"m","messages":[{"role":"user","content":"x"}],{{{field}}}}""", out var error);

        Assert.Equal(ErrorCodes.InvalidValue, error!.Code);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void TranslationLeavesTheClientRequestUnchanged()
    {
        var json = GeminiTestData.Fixture("openai-gemini", "tools.openai.json");
        var request = JsonSerializer.Deserialize(json, OpenAiWireContext.Default.OpenAiChatRequest)!;
        var before = JsonSerializer.Serialize(request, OpenAiWireContext.Default.OpenAiChatRequest);

        OpenAiToGemini.Translate(request, GeminiTestData.Settings(ProviderTypes.Vertex, options: new Dictionary<string, string> { ["project"] = "p", ["location"] = "l" }), false, null, out _);

        Assert.Equal(before, JsonSerializer.Serialize(request, OpenAiWireContext.Default.OpenAiChatRequest));
    }
}
