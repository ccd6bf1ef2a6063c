using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Tests.Requests;

public sealed class EmbeddingsRequestParserTests
{
    private static EmbeddingsRequest ParseValid(string json)
    {
        var request = EmbeddingsRequestParser.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(error);
        return request!;
    }

    private static GatewayError ParseInvalid(string json)
    {
        var request = EmbeddingsRequestParser.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(request);
        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        return error;
    }

    [Fact]
    public void Every_field_is_read()
    {
        var request = ParseValid("""{"model":"emb","input":["a","b"],"encoding_format":"base64","dimensions":256,"user":"u-1","extra":{"x":1}}""");

        Assert.Equal("emb", request.Model);
        Assert.Equal(["a", "b"], request.Texts);
        Assert.Null(request.Tokens);
        Assert.Equal(2, request.Count);
        Assert.Equal(EmbeddingsEncoding.Base64, request.Encoding);
        Assert.Equal(256, request.Dimensions);
        Assert.Equal("u-1", request.User);
        Assert.Equal(["extra"], request.OtherFields);
    }

    [Theory]
    [InlineData("""{"model":"m","input":"one text"}""", 1, false)]
    [InlineData("""{"model":"m","input":[1,2,3]}""", 1, true)]
    [InlineData("""{"model":"m","input":[[1,2],[3]]}""", 2, true)]
    [InlineData("""{"model":"m","input":["a","b","c"],"encoding_format":null,"dimensions":null}""", 3, false)]
    public void Each_input_form_is_accepted(string json, int count, bool tokens)
    {
        var request = ParseValid(json);

        Assert.Equal(count, request.Count);
        Assert.Equal(tokens, request.Tokens is not null);
        Assert.Equal(EmbeddingsEncoding.Float, request.Encoding);
    }

    [Theory]
    [InlineData("""{"input":"x"}""", "model", ErrorCodes.MissingRequiredParameter)]
    [InlineData("""{"model":"m"}""", "input", ErrorCodes.MissingRequiredParameter)]
    [InlineData("""{"model":"","input":"x"}""", "model", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":3,"input":"x"}""", "model", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":""}""", "input", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":"m","input":[]}""", "input", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":"m","input":{"text":"x"}}""", "input", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":["a",2]}""", "input[1]", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":["a",""]}""", "input[1]", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":"m","input":[1,-2]}""", "input[1]", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":[1,2.5]}""", "input[1]", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":[[1],[]]}""", "input[1]", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":"m","input":[[1],"a"]}""", "input[1]", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":"x","encoding_format":"int8"}""", "encoding_format", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":"m","input":"x","dimensions":"256"}""", "dimensions", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":"x","dimensions":1.5}""", "dimensions", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":"x","dimensions":0}""", "dimensions", ErrorCodes.InvalidValue)]
    [InlineData("""{"model":"m","input":"x","user":7}""", "user", ErrorCodes.InvalidType)]
    [InlineData("""{"model":"m","input":"x","model":"n"}""", "model", ErrorCodes.InvalidValue)]
    public void Bad_fields_are_named(string json, string param, string code)
    {
        var error = ParseInvalid(json);

        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"model":"m","input":"x"} trailing""")]
    [InlineData("""{"model":"m","input":"x",}""")]
    public void Bodies_that_are_not_one_json_object_are_invalid_json(string json) =>
        Assert.Equal(ErrorCodes.InvalidJson, ParseInvalid(json).Code);

    [Fact]
    public void Only_the_model_value_is_rewritten()
    {
        var request = ParseValid("""{ "input" : ["a"],  "model":"gw", "x":[1, 2] }""");

        Assert.Equal("""{ "input" : ["a"],  "model":"text-embedding-3-small", "x":[1, 2] }""", Encoding.UTF8.GetString(request.WithModel("text-embedding-3-small").Span));
        Assert.True(request.WithModel("gw").Equals(request.Body));
    }
}
