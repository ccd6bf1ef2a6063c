using ModelGate.Core.Configuration;
using ModelGate.Providers.OpenAi;

namespace ModelGate.Providers.Azure;

/// <summary>
/// Azure OpenAI embeddings: OpenAI's wire format at the deployment's URL,
/// <c>{base_url}/openai/deployments/{deployment}/embeddings?api-version=…</c>; the body takes the pass-through path
/// with <c>model</c> set to the deployment name, as for chat.
/// </summary>
public sealed class AzureOpenAiEmbeddings(ProviderSettings settings, HttpClient http, TimeProvider time)
    : OpenAiEmbeddings(settings, http, time)
{
    private readonly string apiVersion = Uri.EscapeDataString(settings.Option("api_version") ?? "2024-10-21");

    protected override Uri EndpointFor(string model)
    {
        var path = Endpoint(Settings.BaseUrl!, $"openai/deployments/{Uri.EscapeDataString(model)}/embeddings");
        return new Uri($"{path.AbsoluteUri}?api-version={apiVersion}");
    }
}
