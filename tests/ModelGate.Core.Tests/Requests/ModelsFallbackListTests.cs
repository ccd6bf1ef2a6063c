using System.Text;
using System.Text.Json;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Tests.Requests;

/// <summary>The per-request <c>models</c> list is read, validated, and removed from what the provider receives.</summary>
public sealed class ModelsFallbackListTests
{
    [Theory]
    [InlineData("""{"models":["b","c"],"model":"a","messages":[{"role":"user","content":"x"}]}""", """{"model":"up","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"model":"a","models":["b"],"messages":[]}""", """{"model":"up","messages":[]}""")]
    [InlineData("""{"model":"a","messages":[1],"models":["b"]}""", """{"model":"up","messages":[1]}""")]
    [InlineData("""{ "model" : "a" , "messages":[1] , "models" : [ "b" ] }""", """{ "model" : "up" , "messages":[1]  }""")]
    [InlineData("""{"model":"a","models":[],"messages":[1]}""", """{"model":"up","messages":[1]}""")]
    public void The_list_is_removed_and_the_rest_kept_byte_for_byte(string body, string expected)
    {
        var request = Parse(body.Replace("\"messages\":[]", "\"messages\":[1]"));

        var sent = Encoding.UTF8.GetString(PassThroughRewriter.Rewrite(request, "up").Span);

        Assert.Equal(expected.Replace("\"messages\":[]", "\"messages\":[1]"), sent);
        JsonDocument.Parse(sent).Dispose();
    }

    [Fact]
    public void Removal_and_the_usage_insertion_at_the_same_byte_both_apply()
    {
        var request = Parse("""{"models":["b"],"model":"a","messages":[1],"stream":true}""");

        var sent = Encoding.UTF8.GetString(PassThroughRewriter.Rewrite(request, "up").Span);

        Assert.Equal("""{"stream_options":{"include_usage":true},"model":"up","messages":[1],"stream":true}""", sent);
    }

    [Fact]
    public void The_list_is_read_in_order()
    {
        var request = Parse("""{"model":"a","models":["b","c"],"messages":[1]}""");

        Assert.Equal(["b", "c"], request.Models);
    }

    [Theory]
    [InlineData("""{"model":"a","models":"b","messages":[1]}""", "models")]
    [InlineData("""{"model":"a","models":["b",3],"messages":[1]}""", "models[1]")]
    [InlineData("""{"model":"a","models":[""],"messages":[1]}""", "models[0]")]
    public void A_malformed_list_is_a_400_naming_it(string body, string param)
    {
        Assert.Null(ChatRequestParser.Parse(Encoding.UTF8.GetBytes(body), out var error));

        Assert.Equal(400, error!.Status);
        Assert.Equal(param, error.Param);
    }

    private static ChatRequest Parse(string body)
    {
        var request = ChatRequestParser.Parse(Encoding.UTF8.GetBytes(body), out var error);
        Assert.Null(error);
        return request!;
    }
}
