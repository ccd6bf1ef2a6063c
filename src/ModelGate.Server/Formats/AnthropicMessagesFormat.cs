using System.Buffers;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Server.Formats;

/// <summary>
/// Anthropic's Messages API, for <c>POST /v1/messages</c>: a completion becomes a <c>message</c>, chunks become the
/// named events of Anthropic's streams (with a <c>ping</c> after <c>message_start</c>, as Anthropic sends), and a
/// stream cut after its first byte ends with <c>event: error</c> and no <c>message_stop</c>.
/// </summary>
/// <param name="model">The model the client asked for: the answer names it, whatever the deployment's model is.</param>
public sealed class AnthropicMessagesFormat(string model) : IClientFormat
{
    private readonly MessagesStreamWriter writer = new(model) { PingAfterStart = true };

    /// <summary>Anthropic sends <c>text/event-stream</c> without a charset.</summary>
    public string StreamContentType => "text/event-stream";

    public ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> chatCompletion, out GatewayError? error)
    {
        var translation = MessagesResponseTranslator.Translate(chatCompletion.Span, model);
        error = translation.Error;
        return translation.Body;
    }

    /// <remarks>The usage-only chunk is needed too: it carries the usage of <c>message_delta</c>.</remarks>
    public GatewayError? StreamChunk(in StreamEvent chunk, IBufferWriter<byte> output) => writer.WriteChunk(chunk.Data.Span, output);

    public void StreamDone(IBufferWriter<byte> output) => writer.Complete(output);

    public void StreamFailed(GatewayError error, IBufferWriter<byte> output) => writer.WriteError(error, output);
}
