using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.Responses;

/// <summary>chat.completion in, exact Responses response object out: golden files under Fixtures/chat-responses.</summary>
public sealed class ChatToResponsesTests
{
    [Theory]
    [InlineData("text")]
    [InlineData("tool-calls")]
    [InlineData("length")]
    public void TranslatesAsTheGoldenFileSays(string name)
    {
        var request = ResponsesTestData.Read(ResponsesTestData.Fixture("chat-responses", "request.json"));

        var body = ChatToResponses.Response(Encoding.UTF8.GetBytes(ResponsesTestData.Fixture("chat-responses", $"{name}.chat.json")), request,
            ResponsesTestData.ResponseId, ResponsesTestData.CreatedAt, ResponsesTestData.CompletedAt, out var error);

        Assert.Null(error);
        ResponsesTestData.AssertGoldenJson(Encoding.UTF8.GetString(body!), "chat-responses", $"{name}.response.json");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"x","choices":[]}""")]
    [InlineData("""{"id":"x","choices":"no"}""")]
    public void ABodyThatIsNotAChatCompletionIsAnUpstreamError(string body)
    {
        var request = ResponsesTestData.Read("""{"model":"m","input":"hi"}""");

        var response = ChatToResponses.Response(Encoding.UTF8.GetBytes(body), request, ResponsesTestData.ResponseId, 1, 2, out var error);

        Assert.Null(response);
        Assert.Equal(502, error!.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
    }

    [Fact]
    public void ARefusalIsARefusalPart()
    {
        var request = ResponsesTestData.Read("""{"model":"m","input":"hi"}""");
        var chat = """{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}""";

        var body = Encoding.UTF8.GetString(ChatToResponses.Response(Encoding.UTF8.GetBytes(chat), request, "resp_1", 1, 2, out _)!);

        Assert.Contains("""
            "output":[{"type":"message","id":"msg_1_0","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}]
            """.Trim(), body);
    }

    [Fact]
    public void AContentFilterStopIsIncomplete()
    {
        var request = ResponsesTestData.Read("""{"model":"m","input":"hi"}""");
        var chat = """{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"content_filter"}]}""";

        var body = Encoding.UTF8.GetString(ChatToResponses.Response(Encoding.UTF8.GetBytes(chat), request, "resp_1", 1, 2, out _)!);

        Assert.Contains("""
            "status":"incomplete","error":null,"incomplete_details":{"reason":"content_filter"}
            """.Trim(), body);
    }
}
