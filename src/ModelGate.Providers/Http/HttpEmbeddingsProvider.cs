using System.Net.Http.Headers;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Http;

/// <summary>
/// The HTTP exchange of an embeddings call, shared by every provider that has one: the same first-byte and idle
/// deadlines and the same fault mapping as <see cref="HttpChatProvider"/>, without streams. A provider supplies its
/// request, how it reads a 2xx body, and its error reader (which goes through <see cref="UpstreamErrorPolicy"/>).
/// </summary>
public abstract class HttpEmbeddingsProvider(ProviderSettings settings, HttpClient http, TimeProvider time) : IEmbeddingsProvider
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    protected ProviderSettings Settings => settings;

    protected TimeProvider Time => time;

    /// <summary>The provider's request for this call, or the reason it cannot be sent (a 400 naming a parameter).</summary>
    protected abstract ValueTask<UpstreamRequest> BuildRequestAsync(EmbeddingsCall call, CancellationToken cancellationToken);

    /// <summary>A 2xx body, as an OpenAI embeddings list.</summary>
    protected abstract EmbeddingsOutcome ReadResponse(EmbeddingsCall call, byte[] body, HttpResponseHeaders headers);

    /// <summary>A non-2xx answer, read by the provider's error reader.</summary>
    protected abstract ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers);

    public virtual async Task<EmbeddingsOutcome> EmbedAsync(EmbeddingsCall call, CancellationToken cancellationToken)
    {
        var request = await BuildRequestAsync(call, cancellationToken).ConfigureAwait(false);
        if (request.Refusal is { } refusal)
        {
            return new EmbeddingsFailed(refusal, Retriable: false);
        }

        var (body, headers, failure) = await ExchangeAsync(request.Message!, call.RequestId, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            return ReadResponse(call, body!, headers!);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return Unreadable(body!, e.Message);
        }
    }

    /// <summary>
    /// Sends one request (and disposes it): the 2xx body and headers, or the failure. Providers that need several
    /// calls for one client request (Titan embeds one text per call) use it directly.
    /// </summary>
    protected async Task<(byte[]? Body, HttpResponseHeaders? Headers, EmbeddingsFailed? Failure)> ExchangeAsync(
        HttpRequestMessage message, string requestId, CancellationToken cancellationToken)
    {
        using var owned = message;
        message.Headers.TryAddWithoutValidation("x-request-id", requestId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeouts.FirstByte);
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            deadline.CancelAfter(settings.Timeouts.Idle);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = UpstreamErrorPolicy.RetryAfter(response.Headers, time.GetUtcNow());
                return (null, null, EmbeddingsFailed.From(ReadError((int)response.StatusCode, body, retryAfter, response.Headers)));
            }

            return (body, response.Headers, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var phase = response is null ? "waiting for the response" : "reading the response body";
            return (null, null, new EmbeddingsFailed(GatewayErrors.UpstreamTimeout(settings.Name, phase), Retriable: true));
        }
        catch (HttpRequestException e)
        {
            return (null, null, new EmbeddingsFailed(GatewayErrors.Upstream(settings.Name, $"request failed: {e.Message}"), Retriable: true));
        }
        catch (IOException e)
        {
            return (null, null, new EmbeddingsFailed(GatewayErrors.Upstream(settings.Name, $"connection broke: {e.Message}"), Retriable: true));
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>A 2xx body the adapter could not read: retriable, since another deployment may answer properly.</summary>
    protected EmbeddingsFailed Unreadable(ReadOnlySpan<byte> body, string why) =>
        new(GatewayErrors.Upstream(settings.Name, $"the embeddings response could not be read ({why}): {UpstreamErrorPolicy.Excerpt(body)}"), Retriable: true);

    /// <summary>A JSON POST with the configured credential (when the provider authenticates by header) and extra headers.</summary>
    protected HttpRequestMessage PostJson(Uri endpoint, ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = JsonContentType;
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        message.Headers.Accept.Add(AcceptJson);
        if (settings.ApiKey is { } key)
        {
            var value = settings.AuthScheme.Length > 0 ? $"{settings.AuthScheme} {key}" : key;
            message.Headers.TryAddWithoutValidation(settings.AuthHeader, value);
        }

        foreach (var (name, value) in settings.Headers)
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>The deployment's endpoint under <c>base_url</c>, without doubling a slash.</summary>
    protected static Uri Endpoint(Uri baseUrl, string path) => new($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{path.TrimStart('/')}");
}
