using System.Buffers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Providers.Tests.Ingress.Responses;

/// <summary>Chat chunks in, exact Responses SSE out: golden files under Fixtures/chat-responses-stream.</summary>
public sealed class ResponsesStreamWriterTests
{
    [Theory]
    [InlineData("text")]
    [InlineData("parallel-tool-calls")]
    [InlineData("reasoning-length")]
    public void StreamsAsTheGoldenFileSays(string name)
    {
        var (sse, response) = Run(name);

        ResponsesTestData.AssertGoldenText(sse, "chat-responses-stream", $"{name}.sse");
        ResponsesTestData.AssertGoldenJson(response, "chat-responses-stream", $"{name}.response.json");
    }

    [Fact]
    public void AFailureMidStreamEndsWithResponseFailed()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"Par"}}]}"""u8, output);

        writer.Fail(new GatewayError(504, ErrorTypes.Timeout, ErrorCodes.UpstreamTimeout, "Provider 'up' timed out between events."), output);

        var events = Encoding.UTF8.GetString(output.WrittenSpan);
        var last = events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":5,", last);
        Assert.Contains("\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"Provider 'up' timed out between events.\"}", last);
        Assert.Contains("\"status\":\"incomplete\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Par\"", last);
    }

    [Fact]
    public void ARateLimitMidStreamIsRateLimitExceeded()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.Fail(new GatewayError(429, ErrorTypes.RateLimit, "rate_limit", "slow down"), output);

        Assert.Contains("\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}", Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Contains("\"status\":\"failed\"", Encoding.UTF8.GetString(writer.Response()));
    }

    [Fact]
    public void NothingIsWrittenAfterTheEnd()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.Complete(output);
        var length = output.WrittenCount;

        writer.Chunk("""{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"late"}}]}"""u8, output);
        writer.Complete(output);
        writer.Fail(new GatewayError(500, ErrorTypes.Server, null, "x"), output);

        Assert.Equal(length, output.WrittenCount);
    }

    internal static (string Sse, string Response) Run(string name)
    {
        var writer = NewWriter(ResponsesTestData.Fixture("chat-responses-stream", "request.json"));
        var output = new ArrayBufferWriter<byte>();
        foreach (var line in ResponsesTestData.Fixture("chat-responses-stream", $"{name}.chunks.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            writer.Chunk(Encoding.UTF8.GetBytes(line), output);
        }

        writer.Complete(output);
        return (Encoding.UTF8.GetString(output.WrittenSpan), Encoding.UTF8.GetString(writer.Response()));
    }

    private static ResponsesStreamWriter NewWriter(string request = """{"model":"m","input":"hi","stream":true}""") =>
        new(ResponsesTestData.Read(request), ResponsesTestData.ResponseId, ResponsesTestData.CreatedAt,
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ResponsesTestData.CompletedAt)));
}
