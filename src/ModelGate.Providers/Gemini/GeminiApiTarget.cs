using ModelGate.Core.Errors;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// The Gemini API (AI Studio): <c>POST {base_url}/models/{model}:generateContent</c>, authorised by the
/// <c>x-goog-api-key</c> header that the configured <c>api_key</c> already adds. A model given as a resource
/// path (<c>tunedModels/…</c>) is used as it is.
/// </summary>
public sealed class GeminiApiTarget(Uri baseUrl) : IGeminiTarget
{
    private readonly string root = baseUrl.AbsoluteUri.TrimEnd('/');

    public Uri Endpoint(string model, bool stream) =>
        new($"{root}/{(model.Contains('/', StringComparison.Ordinal) ? model : "models/" + model)}{GeminiMethods.For(stream)}");

    public ValueTask<GatewayError?> AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken) => ValueTask.FromResult<GatewayError?>(null);
}
