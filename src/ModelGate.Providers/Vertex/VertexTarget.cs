using System.Net.Http.Headers;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Gemini;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// Vertex AI's Gemini endpoint:
/// <c>https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent</c>
/// (host <c>aiplatform.googleapis.com</c> for the <c>global</c> location; <c>base_url</c>, when set, replaces
/// scheme and host). A model given as a resource path (<c>endpoints/123</c>) is used under the location as it is.
/// Authorised by a service-account access token, or by <c>api_key</c> used as a ready bearer token.
/// </summary>
public sealed class VertexTarget(ProviderSettings settings, ServiceAccountTokenSource? tokens) : IGeminiTarget
{
    private readonly string locationRoot = LocationRoot(settings);

    public Uri Endpoint(string model, bool stream)
    {
        var resource = model.Contains('/', StringComparison.Ordinal) ? model : $"publishers/google/models/{model}";
        return new Uri($"{locationRoot}/{resource}{GeminiMethods.For(stream)}");
    }

    /// <summary>Claude models, published by Anthropic on Vertex, answer at <c>rawPredict</c> / <c>streamRawPredict</c>.</summary>
    public Uri AnthropicEndpoint(string model, bool stream) =>
        new($"{locationRoot}/publishers/anthropic/models/{model}:{(stream ? "streamRawPredict" : "rawPredict")}");

    public async ValueTask<GatewayError?> AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (tokens is null)
        {
            return null;
        }

        var (token, error) = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return error;
    }

    /// <summary>The config schema requires <c>project</c> and <c>location</c>; settings built in code may lack them.</summary>
    private static string LocationRoot(ProviderSettings settings)
    {
        var project = Uri.EscapeDataString(settings.Option("project") ?? "");
        var location = settings.Option("location") ?? "";
        var host = settings.BaseUrl?.AbsoluteUri.TrimEnd('/')
            ?? (location == "global" ? "https://aiplatform.googleapis.com" : $"https://{location}-aiplatform.googleapis.com");
        return $"{host}/v1/projects/{project}/locations/{Uri.EscapeDataString(location)}";
    }
}
