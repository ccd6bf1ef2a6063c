using ModelGate.Core.Errors;

namespace ModelGate.Core.Requests;

/// <summary>
/// Reads an OpenAI Responses body (<c>POST /v1/responses</c>) in chat's single pass, for passing it through to OpenAI:
/// <c>model</c>, <c>stream</c>, <c>stream_options</c>, <c>models</c> and <c>max_output_tokens</c> are read as for chat;
/// <c>input</c> is left to the Responses reader (OpenAI takes a body without one). The result is a
/// <see cref="ChatRequest"/> over the Responses bytes, so routing and the pass-through rewrite work on it unchanged.
/// </summary>
public static class ResponsesBodyParser
{
    public static ChatRequest? Parse(ReadOnlyMemory<byte> body, out GatewayError? error) =>
        ChatRequestParser.Parse(body, ChatRequestParser.RequestKind.Responses, out error);
}
