using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Server.Http;

namespace ModelGate.Server.Formats;

/// <summary>
/// OpenAI chat completions, as providers already answer: bodies and chunks pass unchanged. The usage-only chunk reaches
/// only clients that asked for it; a cut stream ends with a <c>{"error":...}</c> event and no <c>[DONE]</c>.
/// </summary>
public sealed class OpenAiChatFormat(bool clientWantsUsage) : IClientFormat
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> DoneEvent => "data: [DONE]\n\n"u8;

    public ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> chatCompletion, out GatewayError? error)
    {
        error = null;
        return chatCompletion;
    }

    public GatewayError? StreamChunk(in StreamEvent chunk, IBufferWriter<byte> output)
    {
        if (!chunk.IsUsageOnly || clientWantsUsage)
        {
            output.Write(DataPrefix);
            output.Write(chunk.Data.Span);
            output.Write(EventEnd);
        }

        return null;
    }

    public void StreamDone(IBufferWriter<byte> output) => output.Write(DoneEvent);

    public void StreamFailed(GatewayError error, IBufferWriter<byte> output)
    {
        output.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(output, ErrorResponse.WriterOptions))
        {
            ErrorResponse.WriteObject(json, error);
        }

        output.Write(EventEnd);
    }
}
