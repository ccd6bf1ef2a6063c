using System.Net.Http.Headers;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Http;

/// <summary>
/// The HTTP exchange every HTTP provider shares: send with a first-byte deadline, turn transport faults and
/// timeouts into <see cref="ChatFailed"/> values, read error bodies, and hand the body on. A provider supplies
/// only its own parts: the request it sends, how it reads a completion, a stream and an error body.
/// </summary>
public abstract class HttpChatProvider(ProviderSettings settings, HttpClient http, TimeProvider time) : IChatProvider
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    protected static readonly MediaTypeWithQualityHeaderValue AcceptEventStream = new("text/event-stream");

    protected ProviderSettings Settings => settings;

    protected TimeProvider Time => time;

    /// <summary>The provider's request for this call, or the reason it cannot be sent (a 400 naming a parameter).</summary>
    protected abstract ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken);

    /// <summary>A 2xx body of a non-streaming call, as an OpenAI chat completion.</summary>
    protected abstract ChatOutcome ReadCompletion(ChatCall call, byte[] body);

    /// <summary>A 2xx streaming body, as OpenAI chunks; the stream owns <paramref name="body"/>.</summary>
    protected abstract IChatStream OpenStream(ChatCall call, UpstreamBody body);

    /// <summary>A non-2xx answer, mapped through <see cref="UpstreamErrorPolicy"/>.</summary>
    protected abstract ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter);

    /// <summary>For providers that name the error in a header (Bedrock's <c>x-amzn-ErrorType</c>); the default ignores headers.</summary>
    protected virtual ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        ReadError(status, body, retryAfter);

    public async Task<ChatOutcome> SendChatAsync(ChatCall call, CancellationToken cancellationToken) =>
        await SendAsync(call, await BuildRequestAsync(call, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Sends <paramref name="request"/> for <paramref name="call"/> and reads the answer with this provider's readers.</summary>
    protected Task<ChatOutcome> SendAsync(ChatCall call, UpstreamRequest request, CancellationToken cancellationToken) =>
        SendAsync(call, request, new AnswerReaders(body => ReadCompletion(call, body), body => OpenStream(call, body)), cancellationToken);

    /// <summary>Sends <paramref name="request"/> and reads a 2xx answer with <paramref name="readers"/>: for an API other than chat.</summary>
    protected async Task<ChatOutcome> SendAsync(ChatCall call, UpstreamRequest request, AnswerReaders readers, CancellationToken cancellationToken)
    {
        if (request.Refusal is { } refusal)
        {
            return new ChatFailed(refusal, Retriable: false);
        }

        using var message = request.Message!;
        message.Headers.TryAddWithoutValidation("x-request-id", call.RequestId);
        var timeouts = call.Timeouts ?? settings.Timeouts;
        CancellationTokenSource? deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeouts.FirstByte);
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var errorBody = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
                var retryAfter = UpstreamErrorPolicy.RetryAfter(response.Headers, time.GetUtcNow());
                return ReadError((int)response.StatusCode, errorBody, retryAfter, response.Headers);
            }

            if (call.Request.Stream)
            {
                var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                var body = new UpstreamBody(settings.Name, response, stream, deadline, cancellationToken, timeouts.Idle);
                (response, deadline) = (null, null);
                try
                {
                    return new ChatStreaming(readers.Stream(body));
                }
                catch
                {
                    await body.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }

            deadline.CancelAfter(timeouts.Idle);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            return readers.Completion(bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var phase = response is null ? "waiting for the response" : "reading the response body";
            return new ChatFailed(GatewayErrors.UpstreamTimeout(settings.Name, phase), Retriable: true);
        }
        catch (HttpRequestException e)
        {
            return new ChatFailed(GatewayErrors.Upstream(settings.Name, $"request failed: {e.Message}"), Retriable: true);
        }
        catch (IOException e)
        {
            return new ChatFailed(GatewayErrors.Upstream(settings.Name, $"connection broke: {e.Message}"), Retriable: true);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            // A body a translator could not read (text that is not valid UTF-16, an unexpected shape): still a value.
            return new ChatFailed(GatewayErrors.Upstream(settings.Name, $"the response could not be read: {e.Message}"), Retriable: true);
        }
        finally
        {
            response?.Dispose();
            deadline?.Dispose();
        }
    }

    /// <summary>
    /// Sends a call without a body (<c>GET</c>, <c>DELETE</c>, a bodiless <c>POST</c>) to <paramref name="target"/> with the
    /// configured credential and headers, and reads the answer whole within the first-byte and idle deadlines, whatever
    /// its status. Transport faults and timeouts come back as <see cref="ForwardedAnswer.Failure"/>.
    /// </summary>
    protected async Task<ForwardedAnswer> ForwardAsync(HttpMethod method, Uri target, string requestId, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, target);
        message.Headers.Accept.Add(AcceptJson);
        AddConfiguredHeaders(message);
        message.Headers.TryAddWithoutValidation("x-request-id", requestId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeouts.FirstByte);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            deadline.CancelAfter(settings.Timeouts.Idle);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            return new ForwardedAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ForwardedAnswer(0, null, default, GatewayErrors.UpstreamTimeout(settings.Name, "waiting for the response"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new ForwardedAnswer(0, null, default, GatewayErrors.Upstream(settings.Name, $"request failed: {e.Message}"));
        }
    }

    /// <summary>The media type of the provider's streamed responses.</summary>
    protected virtual MediaTypeWithQualityHeaderValue StreamMediaType => AcceptEventStream;

    /// <summary>A JSON POST with the configured credential and extra headers; streams accept <see cref="StreamMediaType"/>.</summary>
    protected HttpRequestMessage PostJson(Uri endpoint, ReadOnlyMemory<byte> body, bool stream)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = JsonContentType;
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        message.Headers.Accept.Add(stream ? StreamMediaType : AcceptJson);
        AddConfiguredHeaders(message);
        return message;
    }

    /// <summary>Adds the configured credential (when the provider authenticates by header) and extra headers.</summary>
    private void AddConfiguredHeaders(HttpRequestMessage message)
    {
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
    }

    /// <summary>The deployment's endpoint under <c>base_url</c>, without doubling a slash.</summary>
    protected static Uri Endpoint(Uri baseUrl, string path) => new($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{path.TrimStart('/')}");
}

/// <summary>How a 2xx answer is read: a whole body, or a stream the reader owns.</summary>
public sealed record AnswerReaders(Func<byte[], ChatOutcome> Completion, Func<UpstreamBody, IChatStream> Stream);

/// <param name="Refusal">Set instead of a message when the request cannot go to this provider.</param>
public readonly record struct UpstreamRequest(HttpRequestMessage? Message, GatewayError? Refusal)
{
    public static UpstreamRequest Send(HttpRequestMessage message) => new(message, null);

    public static UpstreamRequest Refuse(GatewayError refusal) => new(null, refusal);
}
