using System.Buffers;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Server.Formats;

/// <summary>
/// Anthropic's own answer, for <c>POST /v1/messages</c> passed through to an Anthropic provider: the message and every
/// stream event go to the client as they came. Only a stream cut after its first byte gets something of the
/// gateway's: Anthropic's <c>event: error</c>, with no <c>message_stop</c>.
/// </summary>
public sealed class AnthropicPassThroughFormat(string model) : IClientFormat
{
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    /// <summary>Anthropic sends <c>text/event-stream</c> without a charset.</summary>
    public string StreamContentType => "text/event-stream";

    public ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> chatCompletion, out GatewayError? error)
    {
        error = null;
        return chatCompletion;
    }

    public GatewayError? StreamChunk(in StreamEvent chunk, IBufferWriter<byte> output)
    {
        output.Write(chunk.Data.Span);
        output.Write(EventEnd);
        return null;
    }

    /// <remarks>The provider's own <c>message_stop</c> has already gone out.</remarks>
    public void StreamDone(IBufferWriter<byte> output)
    {
    }

    public void StreamFailed(GatewayError error, IBufferWriter<byte> output) => new MessagesStreamWriter(model).WriteError(error, output);
}
