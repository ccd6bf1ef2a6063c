using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Azure;
using ModelGate.Providers.Cohere;
using ModelGate.Providers.Http;
using ModelGate.Providers.Mistral;
using ModelGate.Providers.Mock;
using ModelGate.Providers.OpenAi;

namespace ModelGate.Providers;

/// <summary>Builds the adapter for each configured provider, chosen by its <c>type</c>.</summary>
public sealed class ProviderFactory(UpstreamHttp http, TimeProvider time)
{
    public IChatProvider Create(ProviderSettings settings) => settings.Type switch
    {
        ProviderTypes.OpenAi or ProviderTypes.OpenAiCompatible =>
            new OpenAiCompatibleProvider(settings, http.For(settings.Timeouts.Connect), time),
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
}
