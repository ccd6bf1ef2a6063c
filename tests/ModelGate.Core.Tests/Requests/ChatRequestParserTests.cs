using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Tests.Requests;

public sealed class ChatRequestParserTests
{
    private const string Messages = """[{"role":"user","content":"hi"}]""";

    private static ChatRequest ParseValid(string json)
    {
        var request = ChatRequestParser.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(error);
        Assert.NotNull(request);
        return request;
    }

    private static GatewayError ParseInvalid(string json) => ParseInvalid(Encoding.UTF8.GetBytes(json));

    private static GatewayError ParseInvalid(byte[] body)
    {
        var request = ChatRequestParser.Parse(body, out var error);
        Assert.Null(request);
        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        return error;
    }

    [Fact]
    public void ValidRequestIsParsed()
    {
        var json = $$"""{"model":"gpt-4o-mini","messages":{{Messages}}}""";

        var request = ParseValid(json);

        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.False(request.Stream);
        Assert.False(request.ClientWantsUsage);
        Assert.Equal(Encoding.UTF8.GetBytes(json), request.Body.ToArray());
        Assert.Null(request.StreamOptionsValue);
    }

    [Fact]
    public void BodyIsKeptAsTheSameMemory()
    {
        ReadOnlyMemory<byte> body = Encoding.UTF8.GetBytes($$"""{"model":"m","messages":{{Messages}}}""");

        var request = ChatRequestParser.Parse(body, out _);

        Assert.True(body.Equals(request!.Body));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", false)]
    public void StreamIsRead(string value, bool expected)
    {
        var request = ParseValid($$"""{"model":"m","messages":{{Messages}},"stream":{{value}}}""");

        Assert.Equal(expected, request.Stream);
    }

    [Fact]
    public void StreamWithIncludeUsageMeansTheClientWantsUsage()
    {
        var request = ParseValid($$"""{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":{{Messages}}}""");

        Assert.True(request.Stream);
        Assert.True(request.ClientWantsUsage);
    }

    [Theory]
    [InlineData("""{"include_usage":false}""")]
    [InlineData("""{"include_usage":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"other":{"include_usage":true}}""")]
    [InlineData("null")]
    public void StreamWithoutIncludeUsageTrueDoesNotWantUsage(string options)
    {
        var request = ParseValid($$"""{"model":"m","stream":true,"stream_options":{{options}},"messages":{{Messages}}}""");

        Assert.True(request.Stream);
        Assert.False(request.ClientWantsUsage);
    }

    [Fact]
    public void IncludeUsageWithoutStreamingDoesNotCount()
    {
        var request = ParseValid($$"""{"model":"m","stream":false,"stream_options":{"include_usage":true},"messages":{{Messages}}}""");

        Assert.False(request.ClientWantsUsage);
    }

    [Fact]
    public void RecordsWhereModelAndStreamOptionsSit()
    {
        var json = $$"""{"model":"m1","stream_options":{"include_usage":false},"messages":{{Messages}}}""";

        var request = ParseValid(json);

        Assert.Equal(1, request.RootStart);
        Assert.Equal("\"m1\"", json[request.ModelValue]);
        Assert.Equal("""{"include_usage":false}""", json[request.StreamOptionsValue!.Value]);
    }

    [Fact]
    public void RootStartIsJustPastTheBraceAfterLeadingWhitespace()
    {
        var request = ParseValid($$"""  {"model":"m","messages":{{Messages}}}""");

        Assert.Equal(3, request.RootStart);
    }

    [Theory]
    [InlineData("{\"model\":\"m\",")]
    [InlineData("{\"model\":\"m\" \"messages\":[]}")]
    [InlineData("{model:\"m\"}")]
    [InlineData("{\"model\":'m'}")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],}")]
    [InlineData("{\"model\":\"m\" /* c */,\"messages\":[1]}")]
    public void MalformedJsonIsInvalidJson(string json)
    {
        var error = ParseInvalid(json);

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
        Assert.StartsWith("The request body is not valid JSON: ", error.Message);
        Assert.Contains("(line 1, byte ", error.Message);
    }

    [Fact]
    public void MalformedJsonErrorDoesNotLeakTheExceptionPath()
    {
        var error = ParseInvalid("{\"model\":\"m\",\"messages\":[}");

        Assert.DoesNotContain("LineNumber:", error.Message);
        Assert.DoesNotContain("Path:", error.Message);
    }

    [Fact]
    public void MalformedJsonOnALaterLineGivesThatLine()
    {
        var error = ParseInvalid("{\n\"model\":\"m\",\n\"messages\": oops\n}");

        Assert.Contains("(line 3, byte ", error.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"model\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void BodyThatIsNotAnObjectIsInvalidJson(string json)
    {
        var error = ParseInvalid(json);

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
        Assert.Contains("must be a JSON object", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n")]
    public void EmptyBodyIsInvalidJson(string json)
    {
        Assert.Equal(ErrorCodes.InvalidJson, ParseInvalid(json).Code);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("{}")]
    [InlineData(",")]
    [InlineData("\"")]
    public void TrailingGarbageIsInvalidJson(string garbage)
    {
        var error = ParseInvalid($$"""{"model":"m","messages":{{Messages}}}{{garbage}}""");

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
    }

    [Fact]
    public void TrailingWhitespaceIsFine()
    {
        Assert.Equal("m", ParseValid($$"""{"model":"m","messages":{{Messages}}}  """ + "\r\n\t").Model);
    }

    [Fact]
    public void InvalidUtf8InTheModelIsInvalidJson()
    {
        byte[] body = [.. "{\"model\":\""u8, 0xC3, 0x28, .. "\",\"messages\":[1]}"u8];

        Assert.Equal(ErrorCodes.InvalidJson, ParseInvalid(body).Code);
    }

    [Fact]
    public void MissingModelIsAMissingParameter()
    {
        var error = ParseInvalid($$"""{"messages":{{Messages}}}""");

        Assert.Equal(ErrorCodes.MissingRequiredParameter, error.Code);
        Assert.Equal("model", error.Param);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"m\"]")]
    [InlineData("{\"name\":\"m\"}")]
    public void ModelThatIsNotAStringIsAnInvalidType(string value)
    {
        var error = ParseInvalid($$"""{"model":{{value}},"messages":{{Messages}}}""");

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal("model", error.Param);
    }

    [Fact]
    public void EmptyModelIsAnInvalidValue()
    {
        var error = ParseInvalid($$"""{"model":"","messages":{{Messages}}}""");

        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal("model", error.Param);
    }

    [Fact]
    public void MissingMessagesIsAMissingParameter()
    {
        var error = ParseInvalid("""{"model":"m"}""");

        Assert.Equal(ErrorCodes.MissingRequiredParameter, error.Code);
        Assert.Equal("messages", error.Param);
    }

    [Theory]
    [InlineData("\"hi\"")]
    [InlineData("{\"role\":\"user\"}")]
    [InlineData("null")]
    [InlineData("3")]
    public void MessagesThatIsNotAnArrayIsAnInvalidType(string value)
    {
        var error = ParseInvalid($$"""{"model":"m","messages":{{value}}}""");

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal("messages", error.Param);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[ ]")]
    public void EmptyMessagesIsAnInvalidValue(string value)
    {
        var error = ParseInvalid($$"""{"model":"m","messages":{{value}}}""");

        Assert.Equal(ErrorCodes.InvalidValue, error.Code);
        Assert.Equal("messages", error.Param);
    }

    [Fact]
    public void ManyNestedMessagesAreSkippedWhole()
    {
        var request = ParseValid("""
            {"messages":[{"role":"system","content":"be brief"},
                         {"role":"user","content":[{"type":"text","text":"]}"}]},
                         {"role":"assistant","tool_calls":[{"id":"1","function":{"name":"f","arguments":"{}"}}]}],
             "model":"after-messages"}
            """);

        Assert.Equal("after-messages", request.Model);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void StreamThatIsNotABooleanIsAnInvalidType(string value)
    {
        var error = ParseInvalid($$"""{"model":"m","messages":{{Messages}},"stream":{{value}}}""");

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal("stream", error.Param);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("\"yes\"")]
    [InlineData("[]")]
    public void StreamOptionsThatIsNotAnObjectIsAnInvalidType(string value)
    {
        var error = ParseInvalid($$"""{"model":"m","messages":{{Messages}},"stream":true,"stream_options":{{value}}}""");

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal("stream_options", error.Param);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void IncludeUsageThatIsNotABooleanIsAnInvalidType(string value)
    {
        var error = ParseInvalid($$$"""{"model":"m","messages":{{{Messages}}},"stream":true,"stream_options":{"include_usage":{{{value}}}}}""");

        Assert.Equal(ErrorCodes.InvalidType, error.Code);
        Assert.Equal("stream_options.include_usage", error.Param);
    }

    [Fact]
    public void EscapedPropertyNamesAreRecognised()
    {
        var request = ParseValid("""
            {"mod\u0065l":"m","m\u0065ssages":[{"role":"user","content":"hi"}],"str\u0065am":true,
             "stream_\u006Fptions":{"include_\u0075sage":true}}
            """);

        Assert.Equal("m", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.ClientWantsUsage);
    }

    [Fact]
    public void EscapedModelValueIsUnescaped()
    {
        var json = $$"""{"model":"gpt\u002D4o","messages":{{Messages}}}""";

        var request = ParseValid(json);

        Assert.Equal("gpt-4o", request.Model);
        Assert.Equal("\"gpt\\u002D4o\"", json[request.ModelValue]);
    }

    [Fact]
    public void UnknownFieldsOfAnyShapeAreTolerated()
    {
        var request = ParseValid($$$$"""
            {"temperature":0.2,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "x_vendor":{"nested":[1,[2,{"model":"not-this-one"}]]},"n":null,"logit_bias":{"50256":-100},
             "model":"m","messages":{{{{Messages}}}},"user":"u-1"}
            """);

        Assert.Equal("m", request.Model);
    }

    [Fact]
    public void FieldsNamedLikeKnownOnesInsideOtherObjectsAreIgnored()
    {
        var request = ParseValid($$"""{"metadata":{"stream":"not a bool","model":7},"model":"m","messages":{{Messages}}}""");

        Assert.Equal("m", request.Model);
        Assert.False(request.Stream);
    }

    [Fact]
    public void NonAsciiModelIsRead()
    {
        Assert.Equal("modèle-日本", ParseValid($$"""{"model":"modèle-日本","messages":{{Messages}}}""").Model);
    }

    [Theory]
    [InlineData(""","max_tokens":256""", 256)]
    [InlineData(""","max_completion_tokens":1024""", 1024)]
    [InlineData(",\"max_tokens\":\"lots\"", null)]
    [InlineData(""","metadata":{"max_tokens":5}""", null)]
    [InlineData("", null)]
    public void TheOutputLimitIsReadForRoutingEstimates(string extra, int? expected)
    {
        var request = ParseValid($$"""{"model":"m","messages":{{Messages}}{{extra}}}""");

        Assert.Equal(expected, request.MaxTokens);
    }
}
