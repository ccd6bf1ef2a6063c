using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Azure;
using ModelGate.Providers.Cohere;
using ModelGate.Providers.Http;
using ModelGate.Providers.Mistral;
using ModelGate.Providers.Mock;
using ModelGate.Providers.OpenAi;

namespace ModelGate.Providers;

/// <summary>
/// Builds the adapter for each configured provider, chosen by its <c>type</c>. Optional abilities come with the
/// adapter's class: only <c>openai</c> gets <see cref="OpenAiProvider"/>, which also speaks OpenAI's Responses API.
/// </summary>
public sealed class ProviderFactory(UpstreamHttp http, TimeProvider time)
{
    /// <summary>
    /// Builds every provider of <paramref name="config"/> once, to report what only an adapter can check (a region
    /// that makes no URL, an unreadable credentials file) as config errors before the config is used.
    /// </summary>
    public IReadOnlyList<ConfigError> Check(GatewayConfig config)
    {
        var errors = new List<ConfigError>();
        foreach (var (name, settings) in config.Providers)
        {
            try
            {
                Create(settings);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                errors.Add(new ConfigError($"providers.{name}", e.Message));
            }
        }

        return errors;
    }

    public IChatProvider Create(ProviderSettings settings) => settings.Type switch
    {
        ProviderTypes.OpenAi => new OpenAiProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.OpenAiCompatible => new OpenAiCompatibleProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.AzureOpenAi => new AzureOpenAiProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Mistral => new MistralProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Cohere => new CohereProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Anthropic => new Anthropic.AnthropicProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Gemini => Gemini.GeminiChatProvider.ForGeminiApi(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Vertex => new Vertex.VertexProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Bedrock => new Bedrock.BedrockProvider(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Mock => new MockProvider(settings, time),
        _ => throw new ArgumentException($"unknown provider type '{settings.Type}'", nameof(settings)),
    };

    /// <summary>
    /// The provider's embeddings adapter, or null when its API has none (Anthropic, mock): embeddings are an
    /// optional ability, so such providers simply do not offer one.
    /// </summary>
    public IEmbeddingsProvider? CreateEmbeddings(ProviderSettings settings) => settings.Type switch
    {
        ProviderTypes.OpenAi or ProviderTypes.OpenAiCompatible =>
            new OpenAiEmbeddings(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.AzureOpenAi => new AzureOpenAiEmbeddings(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Mistral => new MistralEmbeddings(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Cohere => new CohereEmbeddings(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Gemini => Gemini.GeminiEmbeddings.ForGeminiApi(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Vertex => new Vertex.VertexEmbeddings(settings, http.For(settings.Timeouts.Connect), time),
        ProviderTypes.Bedrock => new Bedrock.BedrockEmbeddings(settings, http.For(settings.Timeouts.Connect), time),
        _ => null,
    };
}
