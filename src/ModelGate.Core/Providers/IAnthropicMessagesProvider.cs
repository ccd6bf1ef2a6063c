namespace ModelGate.Core.Providers;

/// <summary>
/// Serves Anthropic's Messages API natively: an optional ability of providers that speak it. The call's request holds
/// the client's Messages body (parsed by <see cref="Requests.ChatRequestParser"/>, whose fields it shares), sent with
/// only <c>model</c> rewritten, and with the client's <c>anthropic-beta</c> and <c>anthropic-version</c> headers. The
/// outcome holds Anthropic's own message object, or its stream events unchanged (each chunk's data is one whole
/// <c>event:</c>/<c>data:</c> event), with usage read on the side.
/// </summary>
public interface IAnthropicMessagesProvider
{
    Task<ChatOutcome> SendMessagesAsync(ChatCall call, AnthropicHeaders headers, CancellationToken cancellationToken);
}

/// <summary>The client's Anthropic headers that go upstream as they came; null when the client sent none.</summary>
public sealed record AnthropicHeaders(string? Version, string? Beta);
