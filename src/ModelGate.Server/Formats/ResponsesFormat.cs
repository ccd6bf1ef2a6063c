using System.Buffers;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Ingress.Responses;

namespace ModelGate.Server.Formats;

/// <summary>
/// OpenAI Responses: a whole chat completion becomes a <c>response</c> object, a stream becomes typed events ending
/// in <c>response.completed</c> (or <c>response.incomplete</c>), and a stream cut after its first byte ends in
/// <c>response.failed</c>, never a clean completion. <paramref name="finished"/> receives the final response object
/// once, before its last bytes are written, so a stored response can be found by a client that continues at once.
/// </summary>
public sealed class ResponsesFormat(
    ResponsesRequest request, string responseId, long createdAt, TimeProvider time, Action<byte[]> finished) : IClientFormat
{
    private readonly ResponsesStreamWriter stream = new(request, responseId, createdAt, time);

    public ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> chatCompletion, out GatewayError? error)
    {
        var response = ChatToResponses.Response(chatCompletion.Span, request, responseId, createdAt, time.GetUtcNow().ToUnixTimeSeconds(), out error);
        if (response is null)
        {
            return default;
        }

        finished(response);
        return response;
    }

    public GatewayError? StreamChunk(in StreamEvent chunk, IBufferWriter<byte> output)
    {
        stream.Chunk(chunk.Data.Span, output);
        return null;
    }

    public void StreamDone(IBufferWriter<byte> output) => End(output, failure: null);

    public void StreamFailed(GatewayError error, IBufferWriter<byte> output) => End(output, error);

    /// <summary>The final event is written to a side buffer, so the response is handed on before any of it goes out.</summary>
    private void End(IBufferWriter<byte> output, GatewayError? failure)
    {
        var last = new ArrayBufferWriter<byte>();
        if (failure is null)
        {
            stream.Complete(last);
        }
        else
        {
            stream.Fail(failure, last);
        }

        finished(stream.Response());
        output.Write(last.WrittenSpan);
    }
}
