using ModelGate.Core.Configuration;
using ModelGate.Providers.Azure;
using ModelGate.Providers.Bedrock;
using ModelGate.Providers.Cohere;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Http;
using ModelGate.Providers.Mistral;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;
using ModelGate.Providers.Vertex;

namespace ModelGate.Providers.Tests;

public sealed class ProviderFactoryEmbeddingsTests
{
    [Theory]
    [InlineData(ProviderTypes.OpenAi, typeof(OpenAiEmbeddings))]
    [InlineData(ProviderTypes.OpenAiCompatible, typeof(OpenAiEmbeddings))]
    [InlineData(ProviderTypes.AzureOpenAi, typeof(AzureOpenAiEmbeddings))]
    [InlineData(ProviderTypes.Gemini, typeof(GeminiEmbeddings))]
    [InlineData(ProviderTypes.Vertex, typeof(VertexEmbeddings))]
    [InlineData(ProviderTypes.Bedrock, typeof(BedrockEmbeddings))]
    [InlineData(ProviderTypes.Cohere, typeof(CohereEmbeddings))]
    [InlineData(ProviderTypes.Mistral, typeof(MistralEmbeddings))]
    public void Providers_whose_api_embeds_have_an_embeddings_adapter(string type, Type expected)
    {
        using var http = new UpstreamHttp();

        Assert.IsType(expected, new ProviderFactory(http, TimeProvider.System).CreateEmbeddings(TestData.OpenAi(type: type)));
    }

    [Theory]
    [InlineData(ProviderTypes.Anthropic)]
    [InlineData(ProviderTypes.Mock)]
    public void Providers_without_an_embeddings_api_have_none(string type)
    {
        using var http = new UpstreamHttp();

        Assert.Null(new ProviderFactory(http, TimeProvider.System).CreateEmbeddings(TestData.OpenAi(type: type)));
    }
}
