using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;
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
        ProviderTypes.Mock => new MockProvider(settings, time),
        _ => throw new ArgumentException($"unknown provider type '{settings.Type}'", nameof(settings)),
    };
}
