using ModelGate.Core.Errors;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// Where a Gemini request goes and how it is authorised: the one thing that differs between the Gemini API
/// and Vertex AI, which share the request and response formats.
/// </summary>
public interface IGeminiTarget
{
    Uri Endpoint(string model, bool stream);

    /// <summary>Adds credentials beyond the configured headers; an error when none can be had.</summary>
    ValueTask<GatewayError?> AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken);
}

/// <summary>Both APIs name the method after the model's resource path, the same way.</summary>
public static class GeminiMethods
{
    public static string For(bool stream) => stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
}
