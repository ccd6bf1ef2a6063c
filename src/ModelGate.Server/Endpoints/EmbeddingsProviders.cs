using System.Runtime.CompilerServices;
using ModelGate.Core.Providers;
using ModelGate.Providers;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// The embeddings adapters of a snapshot's providers, built on first use and kept as long as the snapshot lives,
/// so a reload brings new ones with its new config. A provider whose API has no embeddings maps to null.
/// </summary>
public sealed class EmbeddingsProviders(ProviderFactory factory)
{
    private readonly ConditionalWeakTable<GatewaySnapshot, IReadOnlyDictionary<string, IEmbeddingsProvider?>> built = new();

    public IEmbeddingsProvider? For(GatewaySnapshot snapshot, string provider) =>
        built.GetValue(snapshot, Build).GetValueOrDefault(provider);

    private IReadOnlyDictionary<string, IEmbeddingsProvider?> Build(GatewaySnapshot snapshot) =>
        snapshot.Config.Providers.ToDictionary(pair => pair.Key, pair => factory.CreateEmbeddings(pair.Value), StringComparer.Ordinal);
}
