using System.Net.Http.Headers;
using System.Text;

namespace ModelGate.Server.Tests.Infrastructure;

/// <summary>Raw request bodies for tests that need bytes the SDK would not send.</summary>
public static class ChatBodies
{
    public static string Simple(string model, bool stream = false, string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hello"}],"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    public static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>The <c>data:</c> payloads of an SSE body, in order.</summary>
    public static List<string> SseData(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(evt => evt.StartsWith("data: ", StringComparison.Ordinal) ? evt["data: ".Length..] : throw new FormatException($"not a data event: {evt}"))
            .ToList();
}
