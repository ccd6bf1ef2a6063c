using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Core.Usage;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.OpenAi;

/// <summary>
/// An OpenAI Responses stream passed through untranslated: each event goes on whole (its <c>event:</c> and <c>data:</c>
/// lines) as it came. Only the event name is looked at, and the data of the final events for usage.
/// <c>response.completed</c> and <c>response.incomplete</c> end the stream; <c>response.failed</c> and <c>error</c> fail
/// it, after being relayed (or, as the very first event, instead of it, so another deployment can still answer); a
/// stream closed before one of these is a cut one.
/// </summary>
public sealed class OpenAiResponsesStream(SseUpstream upstream) : IChatStream
{
    private static ReadOnlySpan<byte> EventPrefix => "event: "u8;
    private static ReadOnlySpan<byte> DataPrefix => "\ndata: "u8;

    private readonly ArrayBufferWriter<byte> writer = new();
    private GatewayError? failure;
    private bool started;
    private bool stopped;

    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
        if (failure is not null)
        {
            return StreamEvent.Failed(failure);
        }

        if (stopped)
        {
            return StreamEvent.Done;
        }

        var (next, error) = await upstream.NextAsync(cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return StreamEvent.Failed(error);
        }

        if (next is not { } sse)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream ended before response.completed"));
        }

        var type = sse.EventType.IsEmpty ? DataType(sse.Data.Span) : Encoding.UTF8.GetString(sse.EventType.Span);
        if (type is null)
        {
            return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream sent an event that is not JSON"));
        }

        TokenUsage? usage = null;
        switch (type)
        {
            case "response.completed" or "response.incomplete":
                usage = UsageOf(sse.Data.Span);
                stopped = true;
                break;
            case "response.failed" or "error":
                using (var data = OpenAiResponsesAnswer.Event(sse.Data.Span))
                {
                    failure = OpenAiResponsesAnswer.Failure(upstream.Provider, data?.RootElement);
                    usage = data is null ? null : Usage(data.RootElement);
                }

                if (!started)
                {
                    return StreamEvent.Failed(failure);
                }

                break;
        }

        started = true;
        return StreamEvent.Chunk(Whole(sse, type), usage, isUsageOnly: false);
    }

    public ValueTask DisposeAsync() => upstream.DisposeAsync();

    /// <summary>The event as it came: its name and its data.</summary>
    private ReadOnlyMemory<byte> Whole(SseEvent sse, string type)
    {
        writer.ResetWrittenCount();
        writer.Write(EventPrefix);
        writer.Write(sse.EventType.IsEmpty ? Encoding.UTF8.GetBytes(type) : sse.EventType.Span);
        var data = sse.Data.Span;
        foreach (var line in data.Split((byte)'\n'))
        {
            writer.Write(DataPrefix);
            writer.Write(data[line]);
        }

        return writer.WrittenMemory;
    }

    private static TokenUsage? UsageOf(ReadOnlySpan<byte> data)
    {
        using var document = OpenAiResponsesAnswer.Event(data);
        return document is null ? null : Usage(document.RootElement);
    }

    private static TokenUsage? Usage(JsonElement eventData) =>
        eventData.TryGetProperty("response", out var response) ? OpenAiResponsesAnswer.Usage(response) : null;

    /// <summary>The top-level <c>type</c> of an event's data, for an event sent without a name; null when there is none.</summary>
    private static string? DataType(ReadOnlySpan<byte> data)
    {
        using var document = OpenAiResponsesAnswer.Event(data);
        return document is not null && document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;
    }
}
