using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.Ingress.Anthropic;
using ModelGate.Providers.Ingress.Responses;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Tests.Anthropic;
using ModelGate.Providers.Tests.Gemini;
using ModelGate.Providers.Tests.Ingress.Anthropic;
using ModelGate.Providers.Tests.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.CrossApi;

/// <summary>
/// A client API in, another provider's API out, through the canonical form: what the provider receives for a
/// documented client request. Inputs are the client-side golden files of the ingress tests; outputs are checked
/// against each provider's documented request shape (see Fixtures/README.md).
/// </summary>
public sealed class CrossApiGoldenTests
{
    [Theory]
    [InlineData("tools")]
    [InlineData("media-and-cache")]
    public void MessagesInGeminiOut(string name)
    {
        var canonical = FromMessages(MessagesTestData.Fixture("messages-openai", $"{name}.messages.json"));

        // Claude Code's disable_parallel_tool_use has no Gemini equivalent: dropped here, refused by default (below).
        var gemini = OpenAiToGemini.Translate(canonical, GeminiTestData.Settings(drop: true), stream: false, defaultMaxTokens: null, out var error);

        Assert.Null(error);
        AssertGolden(JsonSerializer.Serialize(gemini, GeminiWireContext.Default.GeminiRequest), $"messages-gemini.{name}.json");
    }

    [Fact]
    public void AnAnthropicOnlyToolChoiceIsRefusedForGeminiByDefault()
    {
        var canonical = FromMessages(MessagesTestData.Fixture("messages-openai", "tools.messages.json"));

        OpenAiToGemini.Translate(canonical, GeminiTestData.Settings(), stream: false, defaultMaxTokens: null, out var error);

        Assert.Equal(("unsupported_parameter", "parallel_tool_calls"), (error?.Code, error?.Param));
    }

    [Theory]
    [InlineData("tools")]
    [InlineData("json-schema")]
    public void ResponsesInAnthropicOut(string name)
    {
        var request = ResponsesTestData.Read(ResponsesTestData.Fixture("responses-chat", $"{name}.responses.json"));
        var chat = ResponsesToChat.Build(request, [], out var error);
        Assert.Null(error);
        var canonical = JsonSerializer.Deserialize(chat, OpenAiWireContext.Default.OpenAiChatRequest)!;

        var anthropic = OpenAiToAnthropic.Translate(canonical, AnthropicTestData.Settings(), new AnthropicBodyOptions("claude-sonnet-4-5", request.Stream));

        Assert.Null(anthropic.Refusal);
        AssertGolden(Encoding.UTF8.GetString(anthropic.Body!), $"responses-anthropic.{name}.json");
    }

    private static OpenAiChatRequest FromMessages(string messagesRequest)
    {
        var ingress = MessagesRequestTranslator.Translate(Encoding.UTF8.GetBytes(messagesRequest));
        Assert.Null(ingress.Error);
        return JsonSerializer.Deserialize(ingress.Body, OpenAiWireContext.Default.OpenAiChatRequest)!;
    }

    private static void AssertGolden(string actual, string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Ingress", "CrossApi", "Fixtures", file);
        Assert.True(File.Exists(path), $"missing golden file {file}; actual:\n{JsonNode.Parse(actual)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), JsonNode.Parse(actual)), $"{file} differs; actual:\n{actual}");
    }
}
