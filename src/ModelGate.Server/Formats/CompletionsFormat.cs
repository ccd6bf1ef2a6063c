using System.Buffers;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Ingress.Completions;

namespace ModelGate.Server.Formats;

/// <summary>
/// OpenAI legacy text completions, for answers a provider gave as chat (<see cref="ChatToCompletions"/>): a
/// <c>text_completion</c> object, or <c>text_completion</c> chunks ending with <c>data: [DONE]</c>. The usage-only
/// chunk reaches only clients that asked for it; a cut stream ends as chat's does. Deployments that serve
/// completions natively answer through <see cref="OpenAiChatFormat"/>, which passes their bodies on unchanged.
/// </summary>
public sealed class CompletionsFormat(bool clientWantsUsage) : IClientFormat
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    private readonly OpenAiChatFormat events = new(clientWantsUsage);
    private readonly ArrayBufferWriter<byte> chunk = new(256);

    public ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> chatCompletion, out GatewayError? error) =>
        ChatToCompletions.Completion(chatCompletion.Span, out error);

    public GatewayError? StreamChunk(in StreamEvent chatChunk, IBufferWriter<byte> output)
    {
        if (chatChunk.IsUsageOnly && !clientWantsUsage)
        {
            return null;
        }

        chunk.ResetWrittenCount();
        if (!ChatToCompletions.Chunk(chatChunk.Data.Span, chunk, out var error))
        {
            return error;
        }

        if (chunk.WrittenCount > 0)
        {
            output.Write(DataPrefix);
            output.Write(chunk.WrittenSpan);
            output.Write(EventEnd);
        }

        return null;
    }

    public void StreamDone(IBufferWriter<byte> output) => events.StreamDone(output);

    public void StreamFailed(GatewayError error, IBufferWriter<byte> output) => events.StreamFailed(error, output);
}
