namespace ModelGate.Core.Providers;

/// <summary>
/// Serves OpenAI's Responses API natively: an optional ability, implemented only by the provider of type
/// <c>openai</c>. The call's request holds the client's Responses body (see <see cref="Requests.ResponsesBodyParser"/>),
/// sent with only <c>model</c> rewritten. The outcome holds OpenAI's own <c>response</c> object, or its stream events
/// unchanged (each chunk's data is one whole <c>event:</c>/<c>data:</c> event), with usage read on the side.
/// OpenAI keeps such responses itself, so the routes on a stored response go to it too (<see cref="ForwardAsync"/>).
/// </summary>
public interface IOpenAiResponsesProvider
{
    Task<ChatOutcome> SendResponseAsync(ChatCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="method"/> to <c>{base_url}/{path}</c> with <paramref name="query"/> (as the client sent it,
    /// <c>?</c> included, or empty) and no body, and returns the answer whole, whatever its status.
    /// </summary>
    Task<ForwardedAnswer> ForwardAsync(HttpMethod method, string path, string query, string requestId, CancellationToken cancellationToken);
}

/// <summary>The provider's answer to a forwarded call, to relay as it came; or, when none came, why (<paramref name="Failure"/>).</summary>
public sealed record ForwardedAnswer(int Status, string? ContentType, ReadOnlyMemory<byte> Body, Errors.GatewayError? Failure = null);
