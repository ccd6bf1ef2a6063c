using System.Buffers;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;

namespace ModelGate.Server.Formats;

/// <summary>
/// How an answer reaches a client in its own API: providers answer in OpenAI chat shape, and a format turns that into
/// what the client speaks (OpenAI chat as is, Anthropic Messages, OpenAI Responses). One per request: stream
/// formats keep state between events.
/// </summary>
public interface IClientFormat
{
    /// <summary>The media type of a streamed answer.</summary>
    string StreamContentType => "text/event-stream; charset=utf-8";

    /// <summary>A whole OpenAI chat completion, as the client's response body; or why it cannot be one (a 502).</summary>
    ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> chatCompletion, out GatewayError? error);

    /// <summary>Writes what one OpenAI chunk becomes (possibly nothing); an error ends the stream as a failure.</summary>
    GatewayError? StreamChunk(in StreamEvent chunk, IBufferWriter<byte> output);

    /// <summary>Writes the end of a complete stream.</summary>
    void StreamDone(IBufferWriter<byte> output);

    /// <summary>Writes the in-band error event that ends a stream cut after its first byte.</summary>
    void StreamFailed(GatewayError error, IBufferWriter<byte> output);
}
