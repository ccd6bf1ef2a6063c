namespace ModelGate.Core.Providers;

/// <summary>
/// Serves OpenAI's legacy text completions (<c>POST /v1/completions</c>) natively: an optional ability, implemented
/// only by providers whose API has that endpoint. The call's request holds the client's completions body (see
/// <see cref="Requests.CompletionRequestParser"/>); the outcome holds <c>text_completion</c> objects and chunks in
/// place of chat ones, read the same way (usage, the usage-only chunk, in-band errors). Other providers are reached
/// through chat, translated by the gateway.
/// </summary>
public interface ITextCompletionsProvider
{
    Task<ChatOutcome> SendCompletionAsync(ChatCall call, CancellationToken cancellationToken);
}
