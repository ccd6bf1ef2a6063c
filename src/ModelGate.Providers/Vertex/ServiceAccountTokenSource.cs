using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// Google access tokens for a service account: a signed JWT is exchanged at the token endpoint
/// (<c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer</c>) and the token is reused until shortly
/// before it expires. One refresh at a time: callers arriving during a refresh wait for its result.
/// Failures are values: the token endpoint refusing is <c>upstream_auth_failed</c>.
/// </summary>
public sealed class ServiceAccountTokenSource(
    string provider, string credentialsFile, string tokenUrl, HttpClient http, TimeProvider time, TimeSpan timeout)
{
    private const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>How long before expiry a token is replaced, at most (half its lifetime for shorter ones).</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile CachedToken? current;
    private ServiceAccountKey? key;

    public async ValueTask<(string? Token, GatewayError? Error)> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(current) is { } token)
        {
            return (token, null);
        }

        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(current) is { } refreshed)
            {
                return (refreshed, null);
            }

            var (fetched, error) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            current = fetched ?? current;
            return (fetched?.Token, error);
        }
        finally
        {
            refresh.Release();
        }
    }

    private string? Fresh(CachedToken? token) => token is not null && time.GetUtcNow() < token.RefreshAt ? token.Token : null;

    private async Task<(CachedToken?, GatewayError?)> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            key ??= ServiceAccountKey.Load(credentialsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return (null, GatewayErrors.Upstream(provider, $"cannot read credentials_file: {e.Message}"));
        }

        var now = time.GetUtcNow();
        string assertion;
        try
        {
            assertion = ServiceAccountJwt.Create(key, tokenUrl, now);
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            key = null;
            return (null, GatewayErrors.Upstream(provider, $"the private_key of credentials_file is not a PEM RSA key: {e.Message}"));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var form = new FormUrlEncodedContent([new("grant_type", GrantType), new("assertion", assertion)]);
            using var response = await http.PostAsync(tokenUrl, form, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            var answer = Read(body);
            if (!response.IsSuccessStatusCode || answer?.AccessToken is not { Length: > 0 } token)
            {
                var detail = answer?.ErrorDescription ?? answer?.Error
                    ?? (response.IsSuccessStatusCode ? "the token response has no access_token" : UpstreamErrorPolicy.Excerpt(body));
                return (null, GatewayErrors.UpstreamAuthFailed(provider, (int)response.StatusCode, $"token endpoint: {detail}"));
            }

            var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn ?? 3600);
            var margin = lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;
            return (new CachedToken(token, now + lifetime - margin), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, GatewayErrors.UpstreamTimeout(provider, "fetching an access token"));
        }
        catch (HttpRequestException e)
        {
            return (null, GatewayErrors.Upstream(provider, $"the token request failed: {e.Message}"));
        }
    }

    private static TokenResponse? Read(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, VertexWireContext.Default.TokenResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
