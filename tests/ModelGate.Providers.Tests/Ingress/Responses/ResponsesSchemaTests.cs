using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.Responses;

/// <summary>
/// Every response object and stream event the gateway produces is valid against the schemas of OpenAI's OpenAPI
/// document: <c>Response</c> for response objects, and for each event the <c>ResponseStreamEvent</c> member whose
/// <c>type</c> it carries.
/// </summary>
public sealed class ResponsesSchemaTests
{
    public static TheoryData<string> ResponseFixtures => new() { "text", "tool-calls", "length" };

    public static TheoryData<string> StreamFixtures => new() { "text", "parallel-tool-calls", "reasoning-length" };

    [Theory]
    [MemberData(nameof(ResponseFixtures))]
    public void ResponsesMatchTheResponseSchema(string name)
    {
        var request = ResponsesTestData.Read(ResponsesTestData.Fixture("chat-responses", "request.json"));
        var body = ChatToResponses.Response(Encoding.UTF8.GetBytes(ResponsesTestData.Fixture("chat-responses", $"{name}.chat.json")), request,
            ResponsesTestData.ResponseId, ResponsesTestData.CreatedAt, ResponsesTestData.CompletedAt, out _)!;

        AssertValid("Response", Encoding.UTF8.GetString(body));
    }

    [Theory]
    [MemberData(nameof(StreamFixtures))]
    public void StreamEventsMatchTheirEventSchemas(string name)
    {
        var (sse, response) = ResponsesStreamWriterTests.Run(name);

        AssertEventsValid(sse);
        AssertValid("Response", response);
    }

    [Fact]
    public void AFailedStreamMatchesTheSchemas()
    {
        var request = ResponsesTestData.Read("""{"model":"m","input":"hi","instructions":"be brief","temperature":0.5,"user":"u","reasoning":{"effort":"low"},"text":{"format":{"type":"json_object"}},"tool_choice":"none"}""");
        var writer = new ResponsesStreamWriter(request, "resp_1", 1, TimeProvider.System);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        writer.Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"refusal":"No"}}]}"""u8, output);
        writer.Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"Yes"}}]}"""u8, output);
        writer.Fail(new GatewayError(502, ErrorTypes.Server, ErrorCodes.UpstreamError, "broken"), output);

        AssertEventsValid(Encoding.UTF8.GetString(output.WrittenSpan));
        AssertValid("Response", Encoding.UTF8.GetString(writer.Response()));
    }

    [Fact]
    public void StoredHistoryItemsAreValidInputItems()
    {
        var request = ResponsesTestData.Read(ResponsesTestData.Fixture("chat-responses", "request.json"));
        var body = ChatToResponses.Response(Encoding.UTF8.GetBytes(ResponsesTestData.Fixture("chat-responses", "text.chat.json")), request, "resp_1", 1, 2, out _)!;

        foreach (var item in ResponsesHistory.Append([], request, body))
        {
            // InputItem's oneOf overlaps (an EasyInputMessage is also an InputMessage), so check the member schemas.
            var schema = item.GetProperty("type").GetString() switch
            {
                "message" when item.GetProperty("role").GetString() == "assistant" => "OutputMessage",
                "message" => "EasyInputMessage",
                "reasoning" => "ReasoningItem",
                var other => throw new InvalidOperationException(other),
            };
            AssertValid(schema, item.GetRawText());
        }
    }

    [Fact]
    public void TheResponseSchemaRequiresWhatTheGatewayAlwaysWrites()
    {
        // A guard on the spec reading itself: the required list the golden files were checked against.
        var required = Schemas().Definitions["Response"]!["allOf"]!.AsArray()
            .SelectMany(part => part!["required"]?.AsArray().Select(name => name!.GetValue<string>()) ?? []);

        Assert.Equal(
            ["id", "object", "created_at", "error", "incomplete_details", "instructions", "model", "tools", "output", "parallel_tool_calls", "metadata", "tool_choice", "temperature", "top_p"],
            required);
    }

    [Theory]
    [InlineData("\"logprobs\":[]", "")] // output_text requires logprobs
    [InlineData("\"top_p\":1,", "")] // Response requires top_p
    [InlineData("\"cache_write_tokens\":20", "\"cache_write\":20")] // usage details require cache_write_tokens
    [InlineData("\"status\":\"completed\",\"role\"", "\"status\":\"done\",\"role\"")] // item status enum
    public void TheValidatorCatchesWhatClientsWouldReject(string from, string to)
    {
        var request = ResponsesTestData.Read(ResponsesTestData.Fixture("chat-responses", "request.json"));
        var body = Encoding.UTF8.GetString(ChatToResponses.Response(Encoding.UTF8.GetBytes(ResponsesTestData.Fixture("chat-responses", "text.chat.json")), request,
            ResponsesTestData.ResponseId, ResponsesTestData.CreatedAt, ResponsesTestData.CompletedAt, out _)!);
        Assert.Contains(from, body);

        var broken = body.Replace(from, to, StringComparison.Ordinal).Replace(",,", ",", StringComparison.Ordinal).Replace(",]", "]", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal);

        Assert.NotNull(Schemas().Validate("Response", broken));
    }

    private static void AssertEventsValid(string sse)
    {
        var expectedSequence = 0;
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            var type = lines[0]["event: ".Length..];
            var data = lines[1]["data: ".Length..];
            using var json = JsonDocument.Parse(data);
            Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
            Assert.Equal(expectedSequence++, json.RootElement.GetProperty("sequence_number").GetInt32());
            AssertValid(EventSchema(type), data);
        }
    }

    private static string EventSchema(string type)
    {
        var members = Schemas().Definitions["ResponseStreamEvent"]!["anyOf"]!.AsArray()
            .Select(member => member!["$ref"]!.GetValue<string>()["#/$defs/".Length..]);
        foreach (var name in members)
        {
            if (Schemas().Definitions[name]!["properties"]?["type"]?["enum"] is JsonArray values && values.Any(value => value!.GetValue<string>() == type))
            {
                return name;
            }
        }

        throw new Xunit.Sdk.XunitException($"no ResponseStreamEvent member has type '{type}'");
    }

    [Fact]
    public void InputItemListMatchesTheResponseItemListSchema()
    {
        var request = ResponsesTestData.Read("""
            {"model":"m","input":[
              {"role":"user","content":"plain string"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"parts"}]},
              {"type":"message","role":"assistant","content":"earlier answer"},
              {"type":"function_call_output","call_id":"call_1","output":"sunny"}]}
            """);

        var page = ResponseInputItemList.Page(request.Input, "resp_1", after: null, limit: 20, ascending: true);

        AssertValid("ResponseItemList", Encoding.UTF8.GetString(page));
        using var list = JsonDocument.Parse(page);
        Assert.Equal(["msg_1_in0", "msg_1_in1", "msg_1_in2", "fco_1_in3"],
            list.RootElement.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
    }

    private static void AssertValid(string schema, string json)
    {
        var failures = Schemas().Validate(schema, json);
        Assert.True(failures is null, $"{schema} rejects:\n{json}\n{failures}");
    }

    private static OpenAiSpecSchemas Schemas() =>
        OpenAiSpecSchemas.Instance ?? throw new Xunit.Sdk.XunitException("shared/specs/openai-openapi.yaml was not found above the test directory.");
}
