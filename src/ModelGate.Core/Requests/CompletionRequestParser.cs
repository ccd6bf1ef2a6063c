using ModelGate.Core.Errors;

namespace ModelGate.Core.Requests;

/// <summary>
/// Validates a legacy completions body (<c>POST /v1/completions</c>) in the same single pass as chat: it must hold
/// <c>model</c> and <c>prompt</c>; <c>stream</c>, <c>stream_options</c>, <c>models</c> and <c>max_tokens</c> are read
/// as for chat. The result is a <see cref="ChatRequest"/> over the completions bytes, so routing and the pass-through
/// rewrite (model replaced, usage asked for) work on it unchanged.
/// </summary>
public static class CompletionRequestParser
{
    public static ChatRequest? Parse(ReadOnlyMemory<byte> body, out GatewayError? error) =>
        ChatRequestParser.Parse(body, ChatRequestParser.RequestKind.Completion, out error);
}
