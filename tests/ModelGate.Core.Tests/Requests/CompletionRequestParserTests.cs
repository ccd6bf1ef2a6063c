using System.Text;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Tests.Requests;

/// <summary>Legacy completions bodies: <c>prompt</c> in every shape OpenAI's <c>CreateCompletionRequest</c> allows, read like chat otherwise.</summary>
public sealed class CompletionRequestParserTests
{
    private static ChatRequest? Parse(string json, out Errors.GatewayError? error) =>
        CompletionRequestParser.Parse(Encoding.UTF8.GetBytes(json), out error);

    [Theory]
    [InlineData("\"Say this is a test\"")]
    [InlineData("""["one", "two"]""")]
    [InlineData("[1212, 318, 257]")]
    [InlineData("[[1212, 318], [257]]")]
    [InlineData("null")]
    public void Every_documented_prompt_shape_is_accepted(string prompt)
    {
        var request = Parse($$"""{"model":"m","prompt":{{prompt}},"max_tokens":7}""", out var error);

        Assert.Null(error);
        Assert.Equal("m", request!.Model);
        Assert.Equal(7, request.MaxTokens);
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"model":"m","prompt":{"text":"hi"}}""", "prompt", "invalid_type")]
    [InlineData("""{"model":"m","prompt":["hi", 1]}""", "prompt", "invalid_type")]
    [InlineData("""{"model":"m","prompt":[["hi"]]}""", "prompt", "invalid_type")]
    [InlineData("""{"model":"m","prompt":"a","prompt":"b"}""", "prompt", "invalid_value")]
    public void Bad_prompts_are_named(string json, string param, string code)
    {
        Assert.Null(Parse(json, out var error));
        Assert.Equal((code, param), (error!.Code, error.Param));
    }

    [Fact]
    public void A_stream_gets_include_usage_on_the_way_through_as_chat_does()
    {
        var request = Parse("""{"model":"m","prompt":"hi","stream":true}""", out _)!;

        var sent = Encoding.UTF8.GetString(PassThroughRewriter.Rewrite(request, "gpt-3.5-turbo-instruct").Span);

        Assert.Equal("""{"stream_options":{"include_usage":true},"model":"gpt-3.5-turbo-instruct","prompt":"hi","stream":true}""", sent);
        Assert.False(request.ClientWantsUsage);
    }
}
