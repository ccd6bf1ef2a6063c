using System.Text;
using System.Text.Json;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Tests.Requests;

/// <summary>The exact bytes sent upstream for a client body.</summary>
public sealed class PassThroughRewriterTests
{
    private static ChatRequest Parse(string json)
    {
        var request = ChatRequestParser.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.Null(error);
        return request!;
    }

    private static string Rewrite(string json, string upstreamModel)
    {
        var output = PassThroughRewriter.Rewrite(Parse(json), upstreamModel);
        using var _ = JsonDocument.Parse(output);
        return Encoding.UTF8.GetString(output.Span);
    }

    [Fact]
    public void OnlyTheModelIsReplacedByteForByte()
    {
        const string json = """
            {
              "messages" : [ {"role":"user",   "content":"hi \u00e9 \"q\""} ],
              "x_unknown": {"b":2, "a":1},
                "model":"public-name"  ,
              "temperature": 0.50,
              "zeta": null
            }
            """;

        var output = Rewrite(json, "gpt-4o-mini-2024-07-18");

        Assert.Equal(json.Replace("\"public-name\"", "\"gpt-4o-mini-2024-07-18\""), output);
    }

    [Fact]
    public void ModelIsReplacedWhenItIsTheFirstField()
    {
        Assert.Equal(
            """{"model":"up","messages":[{"role":"user","content":"x"}]}""",
            Rewrite("""{"model":"public","messages":[{"role":"user","content":"x"}]}""", "up"));
    }

    [Fact]
    public void ModelIsReplacedWhenItIsTheLastField()
    {
        Assert.Equal(
            """{"messages":[1],"model":"a-much-longer-upstream-model-name"}""",
            Rewrite("""{"messages":[1],"model":"m"}""", "a-much-longer-upstream-model-name"));
    }

    [Fact]
    public void SameModelAndNotStreamingReturnsTheSameMemory()
    {
        var request = Parse("""{"model":"gpt-4o","messages":[1],"stream":false}""");

        var output = PassThroughRewriter.Rewrite(request, "gpt-4o");

        Assert.True(output.Equals(request.Body));
    }

    [Fact]
    public void SameModelStreamingWithUsageAlreadyAskedReturnsTheSameMemory()
    {
        var request = Parse("""{"model":"gpt-4o","messages":[1],"stream":true,"stream_options":{"include_usage":true}}""");

        var output = PassThroughRewriter.Rewrite(request, "gpt-4o");

        Assert.True(output.Equals(request.Body));
    }

    [Fact]
    public void StreamWithoutStreamOptionsGetsIncludeUsageRightAfterTheBrace()
    {
        Assert.Equal(
            """{"stream_options":{"include_usage":true},"model":"up","messages":[1],"stream":true}""",
            Rewrite("""{"model":"m","messages":[1],"stream":true}""", "up"));
    }

    [Fact]
    public void StreamWithoutStreamOptionsAndSameModelStillGetsIncludeUsage()
    {
        Assert.Equal(
            """{"stream_options":{"include_usage":true},"model":"m","messages":[1],"stream":true}""",
            Rewrite("""{"model":"m","messages":[1],"stream":true}""", "m"));
    }

    [Fact]
    public void InsertionKeepsTheWhitespaceAroundTheBrace()
    {
        Assert.Equal(
            "  {\"stream_options\":{\"include_usage\":true},\n  \"stream\": true, \"model\": \"up\", \"messages\": [1]\n}\n",
            Rewrite("  {\n  \"stream\": true, \"model\": \"m\", \"messages\": [1]\n}\n", "up"));
    }

    [Fact]
    public void IncludeUsageFalseBecomesTrueAndOtherOptionsAreKept()
    {
        Assert.Equal(
            """{"model":"up","messages":[1],"stream":true,"stream_options":{"include_usage":true,"other":1},"n":1}""",
            Rewrite("""{"model":"m","messages":[1],"stream":true,"stream_options":{"include_usage":false, "other":1},"n":1}""", "up"));
    }

    [Fact]
    public void StreamOptionsWithoutIncludeUsageGetsItAdded()
    {
        Assert.Equal(
            """{"stream_options":{"other":"x","include_usage":true},"model":"up","messages":[1],"stream":true}""",
            Rewrite("""{"stream_options":{"other":"x"},"model":"m","messages":[1],"stream":true}""", "up"));
    }

    [Fact]
    public void NullStreamOptionsIsReplaced()
    {
        Assert.Equal(
            """{"model":"up","messages":[1],"stream":true,"stream_options":{"include_usage":true}}""",
            Rewrite("""{"model":"m","messages":[1],"stream":true,"stream_options":null}""", "up"));
    }

    [Fact]
    public void NullStreamOptionsIsReplacedEvenWithTheSameModel()
    {
        Assert.Equal(
            """{"model":"m","messages":[1],"stream":true,"stream_options":{"include_usage":true}}""",
            Rewrite("""{"model":"m","messages":[1],"stream":true,"stream_options":null}""", "m"));
    }

    [Fact]
    public void ClientThatAskedForUsageGetsOnlyTheModelReplaced()
    {
        const string json = """{"model":"m","stream_options": { "include_usage" : true },"messages":[1],"stream":true}""";

        Assert.Equal(json.Replace("\"m\"", "\"up\""), Rewrite(json, "up"));
    }

    [Fact]
    public void NotStreamingLeavesStreamOptionsAlone()
    {
        const string json = """{"model":"m","messages":[1],"stream_options":{"include_usage":false}}""";

        Assert.Equal(json.Replace("\"m\"", "\"up\""), Rewrite(json, "up"));
    }

    [Theory]
    [InlineData("quote\"d")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    [InlineData("tab\there")]
    [InlineData("<html>&'+")]
    [InlineData("café-日本")]
    [InlineData("emoji-😀")]
    public void ModelNeedingJsonEscapingIsWrittenAsValidJson(string upstreamModel)
    {
        var output = Rewrite("""{"model":"m","messages":[1]}""", upstreamModel);

        using var document = JsonDocument.Parse(output);
        Assert.Equal(upstreamModel, document.RootElement.GetProperty("model").GetString());
        Assert.Equal("""{"model":""" + JsonSerializer.Serialize(upstreamModel) + ""","messages":[1]}""", output);
    }

    [Fact]
    public void QuoteInModelIsEscaped()
    {
        Assert.Equal("""{"model":"a\u0022b","messages":[1]}""", Rewrite("""{"model":"m","messages":[1]}""", "a\"b"));
    }

    [Fact]
    public void EscapedClientModelIsReplacedWhole()
    {
        Assert.Equal(
            """{"model":"up","messages":[1]}""",
            Rewrite("""{"model":"gpt\u002D4o","messages":[1]}""", "up"));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[1]}""")]
    [InlineData("""{"model":"m","messages":[1],"stream":true}""")]
    [InlineData("""{"model":"m","messages":[1],"stream":true,"stream_options":null}""")]
    [InlineData("""{"model":"m","messages":[1],"stream":true,"stream_options":{}}""")]
    [InlineData("""{"model":"m","messages":[1],"stream":true,"stream_options":{"include_usage":false,"x":[1,{"y":null}]}}""")]
    [InlineData("""{"stream":true,"messages":[1],"model":"m"}""")]
    [InlineData(" \n{ \"stream\" : true , \"messages\" : [ 1 ] , \"model\" : \"m\" } \n")]
    public void ResultAlwaysParsesAndSaysWhatWasAsked(string json)
    {
        foreach (var upstream in new[] { "m", "other", "x\"y" })
        {
            var output = PassThroughRewriter.Rewrite(Parse(json), upstream);

            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            Assert.Equal(upstream, root.GetProperty("model").GetString());
            if (root.TryGetProperty("stream", out var stream) && stream.GetBoolean())
            {
                Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            }
        }
    }

    [Fact]
    public void TheClientBodyIsNotModified()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"model":"m","messages":[1],"stream":true,"stream_options":{"include_usage":false}}""");
        var copy = bytes.ToArray();
        var request = ChatRequestParser.Parse(bytes, out _)!;

        PassThroughRewriter.Rewrite(request, "up");

        Assert.Equal(copy, bytes);
    }
}
