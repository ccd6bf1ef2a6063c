using ModelGate.Core.Configuration;
using ModelGate.Core.Requests;

namespace ModelGate.Core.Providers;

/// <summary>
/// Sends one chat completion to one provider. Upstream faults come back as a <see cref="ChatFailed"/> value,
/// never as exceptions; only cancellation by the caller throws.
/// </summary>
public interface IChatProvider
{
    Task<ChatOutcome> SendChatAsync(ChatCall call, CancellationToken cancellationToken);
}

/// <summary>One attempt: the parsed client request, the deployment it goes to, and the id that traces it.</summary>
/// <param name="Timeouts">This attempt's deadlines (the deployment's, shortened to what is left of the request's); null means the provider's.</param>
public sealed record ChatCall(ChatRequest Request, DeploymentSettings Deployment, string RequestId, TimeoutSettings? Timeouts = null);
