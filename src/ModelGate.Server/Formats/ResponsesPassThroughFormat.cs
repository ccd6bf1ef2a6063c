using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;

namespace ModelGate.Server.Formats;

/// <summary>
/// OpenAI's own Responses answer, for <c>POST /v1/responses</c> passed through to OpenAI: the response object and every
/// stream event go to the client as they came. <paramref name="identified"/> receives the response's id once, before
/// the client sees any of it (from the object, or from the stream's first <c>response.*</c> event), so the gateway can
/// record where the response lives. Only a stream cut after its first byte gets something of the gateway's: a
/// <c>response.failed</c> event (the last response snapshot, <c>status: failed</c>, with the error), as OpenAI ends a
/// failed stream, or an <c>error</c> event when no snapshot came; never a <c>response.completed</c>.
/// </summary>
public sealed class ResponsesPassThroughFormat(Action<string> identified) : IClientFormat
{
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> EventPrefix => "event: "u8;
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private int relayed;
    private byte[]? snapshot;
    private bool sawId;
    private bool failedUpstream;

    public ReadOnlyMemory<byte> Completion(ReadOnlyMemory<byte> response, out GatewayError? error)
    {
        error = null;
        using var document = JsonDocument.Parse(response);
        Identify(document.RootElement);
        return response;
    }

    public GatewayError? StreamChunk(in StreamEvent chunk, IBufferWriter<byte> output)
    {
        var whole = chunk.Data.Span;
        switch (Encoding.UTF8.GetString(Name(whole)))
        {
            case "response.created" or "response.in_progress" or "response.queued":
                snapshot = Data(whole);
                Identify(snapshot);
                break;
            case "response.failed" or "error":
                failedUpstream = true;
                break;
        }

        output.Write(whole);
        output.Write(EventEnd);
        relayed++;
        return null;
    }

    /// <remarks>The provider's own final event has already gone out.</remarks>
    public void StreamDone(IBufferWriter<byte> output)
    {
    }

    public void StreamFailed(GatewayError error, IBufferWriter<byte> output)
    {
        if (failedUpstream)
        {
            return; // the provider's own response.failed or error event said it
        }

        var code = error.Status == 429 ? "rate_limit_exceeded" : "server_error";
        JsonObject data;
        if (Snapshot() is { } response)
        {
            response["status"] = "failed";
            response["error"] = new JsonObject { ["code"] = code, ["message"] = error.Message };
            data = new JsonObject { ["type"] = "response.failed", ["response"] = response.DeepClone(), ["sequence_number"] = relayed };
        }
        else
        {
            data = new JsonObject { ["type"] = "error", ["code"] = code, ["message"] = error.Message, ["param"] = null, ["sequence_number"] = relayed };
        }

        output.Write(EventPrefix);
        output.Write(Encoding.UTF8.GetBytes((string)data["type"]!));
        output.Write("\n"u8);
        output.Write(DataPrefix);
        output.Write(Encoding.UTF8.GetBytes(data.ToJsonString(Relaxed)));
        output.Write(EventEnd);
    }

    private void Identify(byte[] eventData)
    {
        try
        {
            using var document = JsonDocument.Parse(eventData);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("response", out var response))
            {
                Identify(response);
            }
        }
        catch (JsonException)
        {
            // Relayed as it came; only the id could not be read.
        }
    }

    private void Identify(JsonElement response)
    {
        if (!sawId && response.ValueKind == JsonValueKind.Object
            && response.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text)
        {
            sawId = true;
            identified(text);
        }
    }

    private JsonObject? Snapshot()
    {
        try
        {
            return snapshot is not null && JsonNode.Parse(snapshot) is JsonObject data && data["response"] is JsonObject response ? response : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The event's name: the provider stream writes every event with its <c>event:</c> line first.</summary>
    private static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> whole)
    {
        if (!whole.StartsWith(EventPrefix))
        {
            return default;
        }

        var line = whole[EventPrefix.Length..];
        var end = line.IndexOf((byte)'\n');
        return end < 0 ? line : line[..end];
    }

    /// <summary>The event's data: its <c>data:</c> lines joined with LF.</summary>
    private static byte[] Data(ReadOnlySpan<byte> whole)
    {
        var data = new ArrayBufferWriter<byte>(whole.Length);
        foreach (var range in whole.Split((byte)'\n'))
        {
            var line = whole[range];
            if (line.StartsWith(DataPrefix))
            {
                if (data.WrittenCount > 0)
                {
                    data.Write("\n"u8);
                }

                data.Write(line[DataPrefix.Length..]);
            }
        }

        return data.WrittenSpan.ToArray();
    }
}
