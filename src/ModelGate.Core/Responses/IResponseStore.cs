using ModelGate.Core.Auth;

namespace ModelGate.Core.Responses;

/// <summary>
/// Where stored Responses API responses live (<c>store: true</c>), for <c>GET /v1/responses/{id}</c>, its input items,
/// deletion and <c>previous_response_id</c>. The in-memory implementation serves one process; persistent ones share
/// the responses between nodes. Responses passed through to OpenAI are kept by OpenAI; the store holds a small entry
/// for each (<see cref="StoredResponse.PassedThrough"/>) that says who owns it and where it lives.
/// </summary>
public interface IResponseStore
{
    ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The response with this id, whoever owns it; null when there is none.</summary>
    ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>False when there was no response with this id.</summary>
    ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>One stored response: the object as the client saw it, the conversation up to it, and who may use it.</summary>
/// <param name="Owner">The digest of the key that created it (<see cref="ResponseOwner"/>).</param>
/// <param name="Model">The public model the request named.</param>
/// <param name="Deployment">The deployment that produced it (<c>provider/model</c>), to pin a follow-up to.</param>
/// <param name="Response">The response object's JSON.</param>
/// <param name="History">Every turn's input and output items up to and including this one, as one JSON array.</param>
/// <param name="Input">Where this response's own input items sit in <paramref name="History"/>.</param>
/// <param name="PassedThrough">
/// OpenAI produced the response from the client's own Responses body and keeps it: the entry only says who owns it
/// and which deployment holds it (<see cref="Response"/> and <see cref="History"/> are empty). Its routes are
/// forwarded to that deployment's provider, and a follow-up is sent there alone. A store must keep this flag.
/// </param>
public sealed record StoredResponse(
    string Id,
    string Owner,
    string Model,
    string? Deployment,
    ReadOnlyMemory<byte> Response,
    ReadOnlyMemory<byte> History,
    Range Input,
    bool PassedThrough = false)
{
    /// <summary>The entry for a response OpenAI keeps itself (<see cref="PassedThrough"/>).</summary>
    public static StoredResponse HeldUpstream(string id, string owner, string model, string deployment) =>
        new(id, owner, model, deployment, default, default, default, PassedThrough: true);

    /// <summary>Only the key that created a response, or the master key, may read, delete or continue it.</summary>
    public bool IsVisibleTo(Principal principal, string owner) => principal.IsMaster || string.Equals(Owner, owner, StringComparison.Ordinal);
}
