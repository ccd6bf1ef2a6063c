using ModelGate.Core.Configuration;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Providers;

/// <summary>
/// Creates embeddings with one provider: an optional ability, implemented only by providers whose API has one.
/// Upstream faults come back as an <see cref="EmbeddingsFailed"/> value, never as exceptions; only cancellation
/// by the caller throws.
/// </summary>
public interface IEmbeddingsProvider
{
    Task<EmbeddingsOutcome> EmbedAsync(EmbeddingsCall call, CancellationToken cancellationToken);
}

/// <summary>One attempt: the parsed client request, the deployment it goes to, and the id that traces it.</summary>
public sealed record EmbeddingsCall(EmbeddingsRequest Request, DeploymentSettings Deployment, string RequestId);
