using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Providers.Tests.Ingress.Anthropic;

/// <summary>The request translator: golden files under Fixtures/messages-openai, then every rule for bad input.</summary>
public sealed class MessagesRequestTranslatorTests
{
    private static MessagesRequestTranslation Translate(string json) => MessagesRequestTranslator.Translate(Encoding.UTF8.GetBytes(json));

    private static JsonElement Body(string json)
    {
        var translation = Translate(json);
        Assert.Null(translation.Error);
        return JsonDocument.Parse(translation.Body!).RootElement;
    }

    private static GatewayError Refusal(string json)
    {
        var translation = Translate(json);
        Assert.Null(translation.Body);
        Assert.NotNull(translation.Error);
        Assert.Equal(400, translation.Error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, translation.Error.Type);
        return translation.Error;
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("tools")]
    [InlineData("thinking")]
    [InlineData("media-and-cache")]
    public void TranslatesAsTheGoldenFileSays(string name)
    {
        var translation = Translate(MessagesTestData.Fixture("messages-openai", $"{name}.messages.json"));

        Assert.Null(translation.Error);
        Assert.Equal(MessagesTestData.Model, translation.Model);
        MessagesTestData.AssertJsonEqual(MessagesTestData.Fixture("messages-openai", $"{name}.openai.json"), Encoding.UTF8.GetString(translation.Body!));
    }

    [Fact]
    public void TheStreamFlagIsReported()
    {
        Assert.True(Translate(MessagesTestData.Request("\"stream\":true")).Stream);
        Assert.False(Translate(MessagesTestData.Request("\"stream\":false")).Stream);
        Assert.False(Body(MessagesTestData.Request("\"stream\":false")).TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void TextIsWrittenWithoutEscapingAndAByteOrderMarkIsSkipped()
    {
        var json = "\uFEFF" + MessagesTestData.Request(messages: """[{"role":"user","content":"<b>café</b> & 日本"}]""");

        var translation = Translate(json);

        Assert.Contains("<b>café</b> & 日本", Encoding.UTF8.GetString(translation.Body!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "(body)")]
    [InlineData("not json", "(body)")]
    [InlineData("[1,2]", "(body)")]
    [InlineData("""{"model":"a","model":"b","max_tokens":1,"messages":[]}""", "(body)")]
    public void ABodyThatIsNotAJsonObjectIsInvalidJson(string body, string _)
    {
        var error = Refusal(body);

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
    }

    [Fact]
    public void InvalidUtf8IsInvalidJson()
    {
        var translation = MessagesRequestTranslator.Translate(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' });

        Assert.Equal(ErrorCodes.InvalidJson, translation.Error?.Code);
    }

    [Theory]
    [InlineData("""{"max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"m","max_tokens":10}""", "messages")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":null,"messages":[{"role":"user","content":"Hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"content":"Hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}""", "messages[0].content[0].tool_use_id")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image"}]}]}""", "messages[0].content[0].source")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"AA=="}}]}]}""", "messages[0].content[0].source.media_type")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f"}]}]}""", "messages[0].content[0].input")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"x"}]}]}""", "messages[0].content[0].signature")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"tools":[{"name":"f"}]}""", "tools[0].input_schema")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"tool_choice":{"type":"tool"}}""", "tool_choice.name")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"thinking":{"type":"enabled"}}""", "thinking.budget_tokens")]
    public void AMissingRequiredFieldIsNamed(string body, string field)
    {
        var error = Refusal(body);

        Assert.Equal(ErrorCodes.MissingRequiredParameter, error.Code);
        Assert.Equal(field, error.Param);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"model\":1", "model")]
    [InlineData("\"max_tokens\":\"100\"", "max_tokens")]
    [InlineData("\"max_tokens\":1.5", "max_tokens")]
    [InlineData("\"stream\":\"yes\"", "stream")]
    [InlineData("\"temperature\":\"hot\"", "temperature")]
    [InlineData("\"top_p\":true", "top_p")]
    [InlineData("\"top_k\":2.5", "top_k")]
    [InlineData("\"stop_sequences\":\"END\"", "stop_sequences")]
    [InlineData("\"stop_sequences\":[1]", "stop_sequences[0]")]
    [InlineData("\"system\":42", "system")]
    [InlineData("\"tools\":{}", "tools")]
    [InlineData("\"tools\":[\"f\"]", "tools[0]")]
    [InlineData("\"tools\":[{\"name\":\"f\",\"input_schema\":\"{}\"}]", "tools[0].input_schema")]
    [InlineData("\"tools\":[{\"name\":\"f\",\"input_schema\":{},\"strict\":\"yes\"}]", "tools[0].strict")]
    [InlineData("\"tool_choice\":\"auto\"", "tool_choice")]
    [InlineData("\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":1}", "tool_choice.disable_parallel_tool_use")]
    [InlineData("\"thinking\":true", "thinking")]
    [InlineData("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":\"many\"}", "thinking.budget_tokens")]
    [InlineData("\"metadata\":{\"user_id\":7}", "metadata.user_id")]
    [InlineData("\"metadata\":[]", "metadata")]
    public void AFieldOfTheWrongTypeIsNamed(string field, string param)
    {
        var body = MessagesTestData.RequestWith(field);

        var error = Refusal(body);

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":42}]""", "messages[0].content")]
    [InlineData("""["hi"]""", "messages[0]")]
    [InlineData("""[{"role":"user","content":["hi"]}]""", "messages[0].content[0]")]
    [InlineData("""[{"role":"user","content":[{"text":"hi"}]}]""", "messages[0].content[0].type")]
    [InlineData("""[{"role":"user","content":[{"type":"text","text":5}]}]""", "messages[0].content[0].text")]
    [InlineData("""[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":5}]}]""", "messages[0].content[0].content")]
    [InlineData("""[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","is_error":"yes"}]}]""", "messages[0].content[0].is_error")]
    [InlineData("""[{"role":"user","content":[{"type":"text","text":"x","cache_control":"ephemeral"}]}]""", "messages[0].content[0].cache_control")]
    [InlineData("""[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":"{}"}]}]""", "messages[0].content[0].input")]
    public void AContentBlockOfTheWrongShapeIsNamed(string messages, string param)
    {
        var error = Refusal(MessagesTestData.Request(messages: messages));

        Assert.Contains(error.Code, new[] { ErrorCodes.InvalidType, ErrorCodes.MissingRequiredParameter });
        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("\"max_tokens\":0", "max_tokens")]
    [InlineData("\"messages\":[]", "messages")]
    [InlineData("\"model\":\"\"", "model")]
    [InlineData("\"tool_choice\":{\"type\":\"sometimes\"}", "tool_choice.type")]
    [InlineData("\"output_config\":{\"format\":{\"type\":\"xml\"}}", "output_config.format.type")]
    public void AnInvalidValueIsNamed(string field, string param)
    {
        var error = Refusal(MessagesTestData.RequestWith(field));

        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void AnUnknownRoleIsAnInvalidValue()
    {
        var error = Refusal(MessagesTestData.Request(messages: """[{"role":"system","content":"Hi"}]"""));

        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal("messages[0].role", error.Param);
    }

    [Theory]
    [InlineData("\"container\":\"container_1\"", "container")]
    [InlineData("\"mcp_servers\":[]", "mcp_servers")]
    [InlineData("\"context_management\":{}", "context_management")]
    [InlineData("\"output_format\":{}", "output_format")]
    [InlineData("\"frequency_penalty\":1", "frequency_penalty")]
    [InlineData("\"metadata\":{\"session\":\"s\"}", "metadata.session")]
    [InlineData("\"output_config\":{\"effort\":\"low\"}", "output_config.effort")]
    [InlineData("\"thinking\":{\"type\":\"adaptive\"}", "thinking.type")]
    [InlineData("\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]", "tools[0].type")]
    [InlineData("\"tools\":[{\"name\":\"f\",\"input_schema\":{},\"input_examples\":[]}]", "tools[0].input_examples")]
    public void AFieldTheGatewayCannotCarryIsAnUnsupportedParameter(string field, string param)
    {
        var error = Refusal(MessagesTestData.Request(field));

        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(param, error.Param);
        Assert.Contains(param, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"file_1"}}]}]""", "messages[0].content[0].source.type")]
    [InlineData("""[{"role":"user","content":[{"type":"document","source":{"type":"url","url":"https://x.test/a.pdf"}}]}]""", "messages[0].content[0].source.type")]
    [InlineData("""[{"role":"user","content":[{"type":"document","source":{"type":"text","media_type":"text/plain","data":"x"}}]}]""", "messages[0].content[0].source.type")]
    [InlineData("""[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"AA=="},"title":"T"}]}]""", "messages[0].content[0].title")]
    [InlineData("""[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"AA=="},"citations":{"enabled":true}}]}]""", "messages[0].content[0].citations")]
    [InlineData("""[{"role":"user","content":[{"type":"search_result","source":"s","title":"t","content":[]}]}]""", "messages[0].content[0].type")]
    [InlineData("""[{"role":"user","content":[{"type":"text","text":"x","extra":1}]}]""", "messages[0].content[0].extra")]
    [InlineData("""[{"role":"user","content":"Hi","name":"bob"}]""", "messages[0].name")]
    [InlineData("""[{"role":"assistant","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{}}]}]""", "messages[0].content[0].type")]
    [InlineData("""[{"role":"assistant","content":[{"type":"image","source":{"type":"url","url":"https://x.test/a.png"}}]}]""", "messages[0].content[0].type")]
    [InlineData("""[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"tool_reference","tool_name":"x"}]}]}]""", "messages[0].content[0].content[0].type")]
    public void ABlockTheGatewayCannotCarryIsAnUnsupportedParameter(string messages, string param)
    {
        var error = Refusal(MessagesTestData.Request(messages: messages));

        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void IgnoredAndNullFieldsChangeNothing()
    {
        var plain = Body(MessagesTestData.Request());
        var withIgnored = Body(MessagesTestData.Request("\"service_tier\":\"standard_only\",\"system\":null,\"stop_sequences\":null,\"unknown_but_null\":null"));

        MessagesTestData.AssertJsonEqual(plain.GetRawText(), withIgnored.GetRawText());
    }

    [Fact]
    public void ThinkingDisabledWritesNothing()
    {
        Assert.False(Body(MessagesTestData.Request("\"thinking\":{\"type\":\"disabled\"}")).TryGetProperty("thinking", out _));
    }

    [Theory]
    [InlineData("""{"type":"any"}""", "\"required\"")]
    [InlineData("""{"type":"none"}""", "\"none\"")]
    [InlineData("""{"type":"tool","name":"get_weather"}""", """{"type":"function","function":{"name":"get_weather"}}""")]
    public void ToolChoiceTypesMapToOpenAiForms(string choice, string expected)
    {
        var body = Body(MessagesTestData.Request($"\"tool_choice\":{choice}"));

        MessagesTestData.AssertJsonEqual(expected, body.GetProperty("tool_choice").GetRawText());
        Assert.False(body.TryGetProperty("parallel_tool_calls", out _));
    }

    [Fact]
    public void UserBlocksAndToolResultsKeepTheirOrder()
    {
        var body = Body(MessagesTestData.Request(messages: """
            [{"role":"user","content":[{"type":"text","text":"before"},{"type":"tool_result","tool_use_id":"t1"},{"type":"text","text":"after"}]}]
            """));

        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("user", messages[0].GetProperty("role").GetString());
        Assert.Equal("tool", messages[1].GetProperty("role").GetString());
        Assert.Equal("", messages[1].GetProperty("content").GetString());
        Assert.Equal("after", messages[2].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void AssistantTextWithCacheControlStaysAPartAndThinkingOnlyHasEmptyContent()
    {
        var body = Body(MessagesTestData.Request(messages: """
            [{"role":"user","content":"Hi"},
             {"role":"assistant","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}}]},
             {"role":"user","content":"Again"},
             {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"}]}]
            """));

        var messages = body.GetProperty("messages");
        MessagesTestData.AssertJsonEqual("""[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}}]""", messages[1].GetProperty("content").GetRawText());
        Assert.Equal("", messages[3].GetProperty("content").GetString());
        Assert.Equal(1, messages[3].GetProperty("thinking_blocks").GetArrayLength());
    }
}
