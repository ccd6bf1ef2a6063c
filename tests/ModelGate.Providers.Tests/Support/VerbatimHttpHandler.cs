using System.Net;
using System.Text;

namespace ModelGate.Providers.Tests.Support;

/// <summary>What the provider sent: copied while the request was alive, since the provider disposes it.</summary>
internal sealed record CapturedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Like Microsoft.Extensions.AI's VerbatimHttpHandler: records the outgoing request (method, URI, every header,
/// exact body bytes) and answers with a scripted response, so tests can assert the bytes on the wire.
/// </summary>
internal sealed class VerbatimHttpHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public VerbatimHttpHandler(Func<HttpResponseMessage> respond)
        : this((_, _) => Task.FromResult(respond()))
    {
    }

    public CapturedRequest? Request { get; private set; }

    public int Calls { get; private set; }

    /// <summary>Answers 200 with the given JSON body.</summary>
    public static VerbatimHttpHandler Json(string body) => Status(HttpStatusCode.OK, body);

    public static VerbatimHttpHandler Status(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(() => Responses.Text(status, body, mediaType));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            headers[name] = string.Join(", ", values);
        }

        var body = Array.Empty<byte>();
        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                headers[name] = string.Join(", ", values);
            }

            body = await content.ReadAsByteArrayAsync(cancellationToken);
        }

        Request = new CapturedRequest(request.Method, request.RequestUri!, headers, body);
        return await respond(request, cancellationToken);
    }
}

internal static class Responses
{
    public static HttpResponseMessage Text(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", mediaType } } } };

    /// <summary>A 200 event stream whose body is read from <paramref name="body"/>.</summary>
    public static HttpResponseMessage EventStream(Stream body) =>
        new(HttpStatusCode.OK) { Content = new StreamContent(body) { Headers = { { "Content-Type", "text/event-stream" } } } };

    public static HttpResponseMessage EventStream(string sse) => EventStream(new MemoryStream(Encoding.UTF8.GetBytes(sse)));
}
