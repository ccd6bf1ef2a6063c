using ModelGate.Core.Configuration;
using ModelGate.Providers.Http;
using ModelGate.Providers.Mock;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests;

public sealed class ProviderFactoryTests
{
    [Theory]
    [InlineData(ProviderTypes.OpenAi, typeof(OpenAiProvider))]
    [InlineData(ProviderTypes.OpenAiCompatible, typeof(OpenAiCompatibleProvider))]
    [InlineData(ProviderTypes.Mock, typeof(MockProvider))]
    public void CreatesTheAdapterForEachType(string type, Type expected)
    {
        using var http = new UpstreamHttp();
        var factory = new ProviderFactory(http, TimeProvider.System);

        var provider = factory.Create(TestData.OpenAi(type: type));

        Assert.IsType(expected, provider);
    }

    [Theory]
    [InlineData(ProviderTypes.OpenAi, true)]
    [InlineData(ProviderTypes.OpenAiCompatible, false)]
    [InlineData(ProviderTypes.Mock, false)]
    public void OnlyOpenAiItselfSpeaksTheResponsesApi(string type, bool speaksResponses)
    {
        using var http = new UpstreamHttp();
        var factory = new ProviderFactory(http, TimeProvider.System);

        var provider = factory.Create(TestData.OpenAi(type: type));

        Assert.Equal(speaksResponses, provider is Core.Providers.IOpenAiResponsesProvider);
    }

    [Fact]
    public void EveryKnownTypeHasAnAdapter()
    {
        using var http = new UpstreamHttp();
        var factory = new ProviderFactory(http, TimeProvider.System);

        Assert.All(ProviderTypes.All, type => Assert.NotNull(factory.Create(TestData.OpenAi(type: type))));
    }

    [Fact]
    public void UnknownTypeIsRejected()
    {
        using var http = new UpstreamHttp();
        var factory = new ProviderFactory(http, TimeProvider.System);

        var e = Assert.Throws<ArgumentException>(() => factory.Create(TestData.OpenAi(type: "no-such-type")));

        Assert.Contains("no-such-type", e.Message);
    }

    [Fact]
    public void ProvidersWithTheSameConnectTimeoutShareOneClient()
    {
        using var http = new UpstreamHttp();

        Assert.Same(http.For(TimeSpan.FromSeconds(10)), http.For(TimeSpan.FromSeconds(10)));
        Assert.NotSame(http.For(TimeSpan.FromSeconds(10)), http.For(TimeSpan.FromSeconds(5)));
    }
}
