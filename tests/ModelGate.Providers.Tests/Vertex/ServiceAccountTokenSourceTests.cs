using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Errors;
using ModelGate.Providers.Tests.Support;
using ModelGate.Providers.Vertex;

namespace ModelGate.Providers.Tests.Vertex;

/// <summary>Access tokens from a fake token endpoint: the grant sent, caching, refresh and failures.</summary>
public sealed class ServiceAccountTokenSourceTests : IDisposable
{
    private const string TokenUrl = "http://127.0.0.1:1/token";

    private readonly TestServiceAccount account = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(1750000000));
    private int issued;

    public void Dispose() => account.Dispose();

    private ServiceAccountTokenSource Source(VerbatimHttpHandler handler, string? file = null) =>
        new("up", file ?? account.Path, TokenUrl, new HttpClient(handler), clock, TimeSpan.FromSeconds(5));

    private VerbatimHttpHandler Endpoint(int expiresIn = 3599) => new(() =>
        Responses.Text(HttpStatusCode.OK, $$"""{"access_token":"ya29.token-{{++issued}}","expires_in":{{expiresIn}},"token_type":"Bearer"}"""));

    [Fact]
    public async Task PostsTheJwtBearerGrantAndReturnsTheToken()
    {
        var handler = Endpoint();

        var (token, error) = await Source(handler).GetAsync(CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("ya29.token-1", token);
        Assert.Equal(HttpMethod.Post, handler.Request!.Method);
        Assert.Equal(TokenUrl, handler.Request.Uri.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", handler.Request.Header("Content-Type"));
        var form = handler.Request.BodyText.Split('&').Select(pair => pair.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        Assert.Equal(3, form["assertion"].Split('.').Length);
    }

    [Fact]
    public async Task TokenIsCachedUntilShortlyBeforeItExpires()
    {
        var handler = Endpoint();
        var source = Source(handler);

        await source.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(54));
        var (cached, _) = await source.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var (refreshed, _) = await source.GetAsync(CancellationToken.None);

        Assert.Equal("ya29.token-1", cached);
        Assert.Equal("ya29.token-2", refreshed);
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task ShortLivedTokenIsRefreshedAtHalfItsLifetime()
    {
        var handler = Endpoint(expiresIn: 60);
        var source = Source(handler);

        await source.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        await source.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await source.GetAsync(CancellationToken.None);

        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneRefresh()
    {
        var release = new TaskCompletionSource();
        var handler = new VerbatimHttpHandler(async (_, _) =>
        {
            await release.Task;
            return Responses.Text(HttpStatusCode.OK, $$"""{"access_token":"ya29.token-{{++issued}}","expires_in":3599}""");
        });
        var source = Source(handler);

        var callers = Enumerable.Range(0, 8).Select(_ => source.GetAsync(CancellationToken.None).AsTask()).ToList();
        release.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, result => Assert.Equal("ya29.token-1", result.Token));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task RefusalByTheTokenEndpointIsUpstreamAuthFailed()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");

        var (token, error) = await Source(handler).GetAsync(CancellationToken.None);

        Assert.Null(token);
        Assert.Equal(502, error!.Status);
        Assert.Equal(ErrorCodes.UpstreamAuthFailed, error.Code);
        Assert.Contains("(HTTP 400)", error.Message);
        Assert.Contains("Invalid JWT Signature.", error.Message);
    }

    [Fact]
    public async Task FailedRefreshIsRetriedOnTheNextCall()
    {
        var calls = 0;
        var handler = new VerbatimHttpHandler(() => ++calls == 1
            ? Responses.Text(HttpStatusCode.ServiceUnavailable, "busy", "text/plain")
            : Responses.Text(HttpStatusCode.OK, """{"access_token":"ya29.second","expires_in":3599}"""));
        var source = Source(handler);

        var (_, first) = await source.GetAsync(CancellationToken.None);
        var (token, second) = await source.GetAsync(CancellationToken.None);

        Assert.Equal(ErrorCodes.UpstreamAuthFailed, first!.Code);
        Assert.Null(second);
        Assert.Equal("ya29.second", token);
    }

    [Fact]
    public async Task UnreachableTokenEndpointIsAnUpstreamError()
    {
        var handler = new VerbatimHttpHandler((_, _) => throw new HttpRequestException("Connection refused"));

        var (_, error) = await Source(handler).GetAsync(CancellationToken.None);

        Assert.Equal(ErrorCodes.UpstreamError, error!.Code);
        Assert.Contains("Connection refused", error.Message);
    }

    [Fact]
    public async Task MissingKeyFileIsAnUpstreamErrorNamingIt()
    {
        var (_, error) = await Source(Endpoint(), file: "/nonexistent/key.json").GetAsync(CancellationToken.None);

        Assert.Equal(ErrorCodes.UpstreamError, error!.Code);
        Assert.Contains("credentials_file", error.Message);
    }

    [Fact]
    public async Task KeyFileWithABadPemIsAnUpstreamError()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """{"client_email":"a@b.c","private_key":"-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n"}""", Encoding.UTF8);
        try
        {
            var (_, error) = await Source(Endpoint(), file: path).GetAsync(CancellationToken.None);

            Assert.Equal(ErrorCodes.UpstreamError, error!.Code);
            Assert.Contains("private_key", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
