using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// OpenAI and every OpenAI-compatible server, driven by data (base URL, auth header, extra headers).
/// The client's body is forwarded with only <c>model</c> rewritten; the response is relayed as it came,
/// after checking it is well-formed.
/// </summary>
public sealed class OpenAiCompatibleProvider(ProviderSettings settings, HttpClient http, TimeProvider time) : IChatProvider
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptEventStream = new("text/event-stream");

    private readonly Uri endpoint = new($"{settings.BaseUrl!.AbsoluteUri.TrimEnd('/')}/chat/completions");

    public async Task<ChatOutcome> SendChatAsync(ChatCall call, CancellationToken cancellationToken)
    {
        using var message = BuildRequest(call);
        CancellationTokenSource? deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeouts.FirstByte);
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await ReadErrorAsync(response, deadline.Token).ConfigureAwait(false);
            }

            if (call.Request.Stream)
            {
                var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                var stream = new OpenAiChatStream(settings.Name, response, body, deadline, cancellationToken, settings.Timeouts.Idle);
                (response, deadline) = (null, null);
                return new ChatStreaming(stream);
            }

            deadline.CancelAfter(settings.Timeouts.Idle);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            return Completed(bytes);
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
        finally
        {
            response?.Dispose();
            deadline?.Dispose();
        }
    }

    private HttpRequestMessage BuildRequest(ChatCall call)
    {
        var body = PassThroughRewriter.Rewrite(call.Request, call.Deployment.Model);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = JsonContentType;
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        message.Headers.Accept.Add(call.Request.Stream ? AcceptEventStream : AcceptJson);
        message.Headers.TryAddWithoutValidation("x-request-id", call.RequestId);
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

    private ChatOutcome Completed(byte[] bytes)
    {
        try
        {
            var facts = OpenAiBodyInspector.Inspect(bytes);
            return facts.HasError
                ? new ChatFailed(OpenAiErrorMapper.InBand(settings.Name, bytes), Retriable: true)
                : new ChatCompleted(bytes, facts.Usage);
        }
        catch (JsonException)
        {
            var detail = $"the response body is not valid JSON: {OpenAiErrorMapper.Excerpt(bytes)}";
            return new ChatFailed(GatewayErrors.Upstream(settings.Name, detail), Retriable: true);
        }
    }

    private async Task<ChatFailed> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var retryAfter = OpenAiErrorMapper.RetryAfter(response.Headers, time.GetUtcNow());
        return OpenAiErrorMapper.Map(settings.Name, (int)response.StatusCode, bytes, retryAfter);
    }
}
