using System.Net;
using ModelGate.Core.Errors;
using ModelGate.Providers.Bedrock.Signing;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Bedrock;

/// <summary>The HTTP exchange: endpoint, SigV4 headers and error mapping.</summary>
public sealed class BedrockProviderTests
{
    private const string Ok = """{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}""";

    private static async Task<CapturedRequest> SendAsync(Core.Configuration.ProviderSettings settings, bool stream = false)
    {
        var handler = stream
            ? new VerbatimHttpHandler(() => BedrockTestKit.EventStream(new MemoryStream([])))
            : VerbatimHttpHandler.Json(Ok);
        var outcome = await BedrockTestKit.Provider(handler, settings).SendChatAsync(TestData.Call(
            stream ? """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}""" : """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""",
            BedrockTestKit.Model), default);
        if (outcome is Core.Providers.ChatStreaming streaming)
        {
            await streaming.Stream.DisposeAsync();
        }

        return handler.Request!;
    }

    [Fact]
    public async Task PostsToTheRegionalConverseEndpointWithTheModelIdEncoded()
    {
        var request = await SendAsync(BedrockTestKit.Settings());

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", request.Uri.AbsoluteUri);
        Assert.Equal("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", request.Uri.PathAndQuery);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("req-123", request.Header("x-request-id"));
    }

    [Fact]
    public async Task StreamsGoToConverseStreamAcceptingEventStreams()
    {
        var request = await SendAsync(BedrockTestKit.Settings(), stream: true);

        Assert.EndsWith("/converse-stream", request.Uri.AbsolutePath);
        Assert.Equal("application/vnd.amazon.eventstream", request.Header("Accept"));
    }

    [Fact]
    public async Task BaseUrlReplacesSchemeHostAndKeepsItsPath()
    {
        var request = await SendAsync(BedrockTestKit.Settings(baseUrl: new Uri("http://127.0.0.1:8123/proxy")));

        Assert.Equal("http://127.0.0.1:8123/proxy/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", request.Uri.AbsoluteUri);
        Assert.Contains("Credential=AKIDEXAMPLE/20240101/us-west-2/bedrock/aws4_request", request.Header("Authorization"));
    }

    [Fact]
    public async Task TheSignatureCoversHostDateAndBody()
    {
        var request = await SendAsync(BedrockTestKit.Settings());

        Assert.Equal("20240101T000000Z", request.Header("x-amz-date"));
        var expected = SigV4Signer.Sign("POST", request.Uri.AbsolutePath, [],
            [KeyValuePair.Create("host", "bedrock-runtime.us-west-2.amazonaws.com"), KeyValuePair.Create("x-amz-date", "20240101T000000Z")],
            SigV4Signer.PayloadHash(request.Body), new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            "us-west-2", "bedrock", BedrockTestKit.Now);
        Assert.Equal(expected.Authorization, request.Header("Authorization"));
        Assert.Contains("/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse", expected.CanonicalRequest);
        Assert.Contains("SignedHeaders=host;x-amz-date,", expected.Authorization);
    }

    [Fact]
    public async Task ASessionTokenIsSentAndSigned()
    {
        var request = await SendAsync(BedrockTestKit.Settings(sessionToken: "FwoGZXIvYXdzEXAMPLE"));

        Assert.Equal("FwoGZXIvYXdzEXAMPLE", request.Header("x-amz-security-token"));
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", request.Header("Authorization"));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, """{"message":"Too many requests, please wait before trying again."}""", 429, ErrorTypes.RateLimit, true)]
    [InlineData(HttpStatusCode.BadRequest, """{"message":"Malformed input request: #: extraneous key [foo] is not permitted"}""", 400, ErrorTypes.InvalidRequest, false)]
    [InlineData(HttpStatusCode.NotFound, """{"message":"The provided model identifier is invalid."}""", 404, ErrorTypes.InvalidRequest, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"message":"Bedrock is unable to process your request."}""", 503, ErrorTypes.Server, true)]
    [InlineData(HttpStatusCode.InternalServerError, """{"message":"Internal server error"}""", 502, ErrorTypes.Server, true)]
    [InlineData(HttpStatusCode.Forbidden, """{"Message":"User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:InvokeModel"}""", 502, ErrorTypes.Server, true)]
    [InlineData(HttpStatusCode.Forbidden, """{"message":"The security token included in the request is invalid."}""", 502, ErrorTypes.Server, true)]
    public async Task ErrorsAreMappedWithTheProvidersMessage(HttpStatusCode status, string body, int expectedStatus, string expectedType, bool retriable)
    {
        var outcome = await BedrockTestKit.Provider(VerbatimHttpHandler.Status(status, body)).SendChatAsync(TestData.SimpleCall(), default);

        var error = outcome.AssertFailed(retriable);
        Assert.Equal(expectedStatus, error.Status);
        Assert.Equal(expectedType, error.Type);
        var message = System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateObject().First().Value.GetString()!;
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task ServiceUnavailableIsOverloaded()
    {
        var outcome = await BedrockTestKit.Provider(VerbatimHttpHandler.Status(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}""")).SendChatAsync(TestData.SimpleCall(), default);

        Assert.Equal(ErrorCodes.UpstreamOverloaded, outcome.AssertFailed(retriable: true).Code);
    }

    [Fact]
    public async Task ModelNotReadyNamedInTheBodyIsOverloaded()
    {
        var body = """{"__type":"com.amazon.bedrock#ModelNotReadyException","message":"Model is not ready"}""";
        var outcome = await BedrockTestKit.Provider(VerbatimHttpHandler.Status(HttpStatusCode.TooManyRequests, body)).SendChatAsync(TestData.SimpleCall(), default);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.UpstreamOverloaded, error.Code);
    }

    [Fact]
    public async Task ModelNotReadyNamedInTheErrorTypeHeaderIsOverloaded()
    {
        var handler = new VerbatimHttpHandler(() =>
        {
            var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"message":"Model is not ready"}""");
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ModelNotReadyException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            return response;
        });

        var error = (await BedrockTestKit.Provider(handler).SendChatAsync(TestData.SimpleCall(), default)).AssertFailed(retriable: true);

        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.UpstreamOverloaded, error.Code);
    }

    [Fact]
    public async Task TheExceptionNameInTheBodyBecomesTheCode()
    {
        var body = """{"__type":"ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/","message":"bad"}""";
        var outcome = await BedrockTestKit.Provider(VerbatimHttpHandler.Status(HttpStatusCode.BadRequest, body)).SendChatAsync(TestData.SimpleCall(), default);

        Assert.Equal("ValidationException", outcome.AssertFailed(retriable: false).Code);
    }

    [Fact]
    public async Task AnUnreadableErrorBodyIsAnUpstreamError()
    {
        var outcome = await BedrockTestKit.Provider(VerbatimHttpHandler.Status(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html")).SendChatAsync(TestData.SimpleCall(), default);

        Assert.Equal(ErrorCodes.UpstreamError, outcome.AssertFailed(retriable: true).Code);
    }
}
