using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.Responses;

/// <summary>Every rule for bad input: a 400 that names the field, never an exception.</summary>
public sealed class ResponsesRequestReaderTests
{
    [Theory]
    [InlineData("", ErrorCodes.InvalidJson, null)]
    [InlineData("{", ErrorCodes.InvalidJson, null)]
    [InlineData("[1]", ErrorCodes.InvalidJson, null)]
    [InlineData("""{"model":"m","model":"n","input":"hi"}""", ErrorCodes.InvalidJson, null)]
    [InlineData("""{"model":"m","input":"\uDC00"}""", ErrorCodes.InvalidJson, null)]
    [InlineData("""{"input":"hi"}""", ErrorCodes.MissingRequiredParameter, "model")]
    [InlineData("""{"model":7,"input":"hi"}""", ErrorCodes.InvalidType, "model")]
    [InlineData("""{"model":"m"}""", ErrorCodes.MissingRequiredParameter, "input")]
    [InlineData("""{"model":"m","input":null}""", ErrorCodes.MissingRequiredParameter, "input")]
    [InlineData("""{"model":"m","input":5}""", ErrorCodes.InvalidType, "input")]
    [InlineData("""{"model":"m","input":["hi"]}""", ErrorCodes.InvalidType, "input[0]")]
    [InlineData("""{"model":"m","input":"hi","instructions":["x"]}""", ErrorCodes.InvalidType, "instructions")]
    [InlineData("""{"model":"m","input":"hi","temperature":"hot"}""", ErrorCodes.InvalidType, "temperature")]
    [InlineData("""{"model":"m","input":"hi","top_p":true}""", ErrorCodes.InvalidType, "top_p")]
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":1.5}""", ErrorCodes.InvalidType, "max_output_tokens")]
    [InlineData("""{"model":"m","input":"hi","stream":"yes"}""", ErrorCodes.InvalidType, "stream")]
    [InlineData("""{"model":"m","input":"hi","store":1}""", ErrorCodes.InvalidType, "store")]
    [InlineData("""{"model":"m","input":"hi","parallel_tool_calls":"no"}""", ErrorCodes.InvalidType, "parallel_tool_calls")]
    [InlineData("""{"model":"m","input":"hi","user":1}""", ErrorCodes.InvalidType, "user")]
    [InlineData("""{"model":"m","input":"hi","metadata":[]}""", ErrorCodes.InvalidType, "metadata")]
    [InlineData("""{"model":"m","input":"hi","metadata":{"a":1}}""", ErrorCodes.InvalidType, "metadata.a")]
    [InlineData("""{"model":"m","input":"hi","previous_response_id":1}""", ErrorCodes.InvalidType, "previous_response_id")]
    [InlineData("""{"model":"m","input":"hi","truncation":"sometimes"}""", ErrorCodes.InvalidValue, "truncation")]
    [InlineData("""{"model":"m","input":"hi","include":"x"}""", ErrorCodes.InvalidType, "include")]
    [InlineData("""{"model":"m","input":"hi","include":[1]}""", ErrorCodes.InvalidType, "include[0]")]
    [InlineData("""{"model":"m","input":"hi","reasoning":"high"}""", ErrorCodes.InvalidType, "reasoning")]
    [InlineData("""{"model":"m","input":"hi","reasoning":{"effort":3}}""", ErrorCodes.InvalidType, "reasoning.effort")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":"json"}}""", ErrorCodes.InvalidType, "text.format")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"yaml"}}}""", ErrorCodes.InvalidValue, "text.format.type")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","schema":{}}}}""", ErrorCodes.MissingRequiredParameter, "text.format.name")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"x"}}}""", ErrorCodes.MissingRequiredParameter, "text.format.schema")]
    [InlineData("""{"model":"m","input":"hi","tools":{}}""", ErrorCodes.InvalidType, "tools")]
    [InlineData("""{"model":"m","input":"hi","tools":["f"]}""", ErrorCodes.InvalidType, "tools[0]")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function"}]}""", ErrorCodes.MissingRequiredParameter, "tools[0].name")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f","parameters":"x"}]}""", ErrorCodes.InvalidType, "tools[0].parameters")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f"},{"type":"web_search"}]}""", ErrorCodes.UnsupportedParameter, "tools[1].type")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"file_search","vector_store_ids":[]}]}""", ErrorCodes.UnsupportedParameter, "tools[0].type")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"computer_use_preview"}]}""", ErrorCodes.UnsupportedParameter, "tools[0].type")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":"sometimes"}""", ErrorCodes.InvalidValue, "tool_choice")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":1}""", ErrorCodes.InvalidType, "tool_choice")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":{"type":"function"}}""", ErrorCodes.MissingRequiredParameter, "tool_choice.name")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":{"type":"web_search_preview"}}""", ErrorCodes.UnsupportedParameter, "tool_choice.type")]
    [InlineData("""{"model":"m","input":"hi","background":true}""", ErrorCodes.UnsupportedParameter, "background")]
    [InlineData("""{"model":"m","input":"hi","conversation":"conv_1"}""", ErrorCodes.UnsupportedParameter, "conversation")]
    [InlineData("""{"model":"m","input":"hi","prompt":{"id":"pmpt_1"}}""", ErrorCodes.UnsupportedParameter, "prompt")]
    [InlineData("""{"model":"m","input":"hi","context_management":[{"type":"compaction"}]}""", ErrorCodes.UnsupportedParameter, "context_management")]
    [InlineData("""{"model":"m","input":"hi","top_logprobs":3}""", ErrorCodes.UnsupportedParameter, "top_logprobs")]
    public void BadRequestsAreRefusedNamingTheField(string body, string code, string? param)
    {
        var error = ResponsesTestData.ReadFails(body);

        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal(code, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("""[{"role":"user"}]""", ErrorCodes.MissingRequiredParameter, "input[0].content")]
    [InlineData("""[{"content":"hi"}]""", ErrorCodes.MissingRequiredParameter, "input[0].type")]
    [InlineData("""[{"role":"robot","content":"hi"}]""", ErrorCodes.InvalidValue, "input[0].role")]
    [InlineData("""[{"role":"user","content":5}]""", ErrorCodes.InvalidType, "input[0].content")]
    [InlineData("""[{"role":"user","content":["hi"]}]""", ErrorCodes.InvalidType, "input[0].content[0]")]
    [InlineData("""[{"role":"user","content":[{"type":"input_text"}]}]""", ErrorCodes.MissingRequiredParameter, "input[0].content[0].text")]
    [InlineData("""[{"role":"user","content":[{"type":"input_audio"}]}]""", ErrorCodes.InvalidValue, "input[0].content[0].type")]
    [InlineData("""[{"role":"user","content":[{"type":"input_image","file_id":"file-1","detail":"auto"}]}]""", ErrorCodes.UnsupportedParameter, "input[0].content[0].file_id")]
    [InlineData("""[{"role":"user","content":[{"type":"input_image","detail":"auto"}]}]""", ErrorCodes.MissingRequiredParameter, "input[0].content[0].image_url")]
    [InlineData("""[{"role":"user","content":[{"type":"input_file","file_id":"file-1"}]}]""", ErrorCodes.UnsupportedParameter, "input[0].content[0].file_id")]
    [InlineData("""[{"role":"user","content":[{"type":"input_file","file_url":"https://x/y.pdf"}]}]""", ErrorCodes.UnsupportedParameter, "input[0].content[0].file_url")]
    [InlineData("""[{"role":"system","content":[{"type":"input_image","image_url":"https://x/y.png"}]}]""", ErrorCodes.InvalidValue, "input[0].content[0].type")]
    [InlineData("""[{"role":"assistant","content":[{"type":"input_image","image_url":"https://x/y.png"}]}]""", ErrorCodes.InvalidValue, "input[0].content[0].type")]
    [InlineData("""[{"type":"function_call","name":"f","arguments":"{}"}]""", ErrorCodes.MissingRequiredParameter, "input[0].call_id")]
    [InlineData("""[{"type":"function_call","call_id":"c","name":"f","arguments":{}}]""", ErrorCodes.InvalidType, "input[0].arguments")]
    [InlineData("""[{"type":"function_call_output","output":"x"}]""", ErrorCodes.MissingRequiredParameter, "input[0].call_id")]
    [InlineData("""[{"type":"function_call_output","call_id":"c"}]""", ErrorCodes.MissingRequiredParameter, "input[0].output")]
    [InlineData("""[{"type":"function_call_output","call_id":"c","output":[{"type":"input_image","image_url":"https://x"}]}]""", ErrorCodes.UnsupportedParameter, "input[0].output[0].type")]
    [InlineData("""[{"type":"item_reference","id":"msg_1"}]""", ErrorCodes.UnsupportedParameter, "input[0].type")]
    [InlineData("""[{"role":"user","content":"hi"},{"type":"web_search_call","id":"ws_1","status":"completed"}]""", ErrorCodes.UnsupportedParameter, "input[1].type")]
    [InlineData("""[{"type":"computer_call_output","call_id":"c","output":{}}]""", ErrorCodes.UnsupportedParameter, "input[0].type")]
    public void BadInputItemsAreRefusedNamingTheItem(string input, string code, string param)
    {
        var request = ResponsesTestData.Read($$"""{"model":"m","input":{{input}}}""");

        var body = ResponsesToChat.Build(request, [], out var error);

        Assert.Null(body);
        Assert.Equal(400, error!.Status);
        Assert.Equal(code, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void AStoredItemThatCannotBeCarriedIsNamedAsHistory()
    {
        var request = ResponsesTestData.Read("""{"model":"m","input":"hi"}""");

        ResponsesToChat.Build(request, ResponsesTestData.Items("""[{"type":"mcp_call"}]"""), out var error);

        Assert.Equal("history[0].type", error!.Param);
    }

    [Fact]
    public void UnknownFieldsAndNullsAreAccepted()
    {
        var request = ResponsesTestData.Read("""
            {"model":"m","input":"hi","service_tier":"auto","max_tool_calls":3,"stream_options":null,"instructions":null,
             "tools":null,"tool_choice":null,"text":null,"reasoning":null,"background":false,"top_logprobs":0}
            """);

        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8.GetString(ResponsesToChat.Build(request, [], out _)!));
    }
}
