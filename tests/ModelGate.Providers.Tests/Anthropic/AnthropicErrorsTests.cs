using System.Net;
using ModelGate.Core.Errors;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>Anthropic's documented error statuses and types, through <see cref="Translation.UpstreamErrorPolicy"/>.</summary>
public sealed class AnthropicErrorsTests
{
    private const string Request = """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""";

    private static async Task<(GatewayError Error, bool Retriable)> FailAsync(int status, string type, string message)
    {
        var body = $$"""{"type":"error","error":{"type":"{{type}}","message":"{{message}}"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}""";
        var outcome = await AnthropicTestData.SendAsync(VerbatimHttpHandler.Status((HttpStatusCode)status, body), Request);
        var failed = Assert.IsType<ModelGate.Core.Providers.ChatFailed>(outcome);
        return (failed.Error, failed.Retriable);
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "invalid_request_error", false)]
    [InlineData(404, "not_found_error", "invalid_request_error", true)]
    [InlineData(413, "request_too_large", "invalid_request_error", false)]
    [InlineData(429, "rate_limit_error", "rate_limit_error", true)]
    public async Task ClientErrorsKeepTheirStatusAndMessage(int status, string anthropicType, string openAiType, bool retriable)
    {
        var (error, isRetriable) = await FailAsync(status, anthropicType, "the provider says no");

        Assert.Equal(status, error.Status);
        Assert.Equal(openAiType, error.Type);
        Assert.Equal(anthropicType, error.Code);
        Assert.Equal("the provider says no", error.Message);
        Assert.Equal(retriable, isRetriable);
    }

    [Theory]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    public async Task CredentialErrorsBlameTheGatewayKey(int status, string type)
    {
        var (error, _) = await FailAsync(status, type, "invalid x-api-key");

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamAuthFailed, error.Code);
        Assert.Contains("invalid x-api-key", error.Message);
    }

    [Fact]
    public async Task OverloadedIsA503()
    {
        var (error, retriable) = await FailAsync(529, "overloaded_error", "Overloaded");

        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.UpstreamOverloaded, error.Code);
        Assert.True(retriable);
    }

    [Fact]
    public async Task ApiErrorIsA502()
    {
        var (error, retriable) = await FailAsync(500, "api_error", "Internal server error");

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
        Assert.Contains("Internal server error", error.Message);
        Assert.True(retriable);
    }

    [Fact]
    public async Task AnUnreadableErrorBodyIsA502()
    {
        var outcome = await AnthropicTestData.SendAsync(VerbatimHttpHandler.Status(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html"), Request);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(502, error.Status);
        Assert.Contains("unreadable", error.Message);
    }
}
