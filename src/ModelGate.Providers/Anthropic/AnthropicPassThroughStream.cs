using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Core.Usage;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.Http;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// An Anthropic Messages stream passed through untranslated: each event goes on whole (its <c>event:</c> and
/// <c>data:</c> lines) as it came. Only the event type is looked at, and the data of <c>message_start</c> and
/// <c>message_delta</c> for usage; <c>message_stop</c> ends the stream, an <c>error</c> event fails it, and a stream
/// closed before <c>message_stop</c> is a cut one.
/// </summary>
public sealed class AnthropicPassThroughStream(SseUpstream upstream) : IChatStream
{
    private static ReadOnlySpan<byte> EventPrefix => "event: "u8;
    private static ReadOnlySpan<byte> DataPrefix => "\ndata: "u8;

    private readonly ArrayBufferWriter<byte> writer = new();
    private TokenUsage usage;
    private bool stopped;

    public async ValueTask<StreamEvent> ReadAsync(CancellationToken cancellationToken)
    {
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
            return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream ended before message_stop"));
        }

        var type = EventType(sse.Data.Span);
        TokenUsage? final = null;
        switch (type)
        {
            case null:
                return StreamEvent.Failed(GatewayErrors.Upstream(upstream.Provider, "the stream sent an event that is not JSON"));
            case "error":
                return StreamEvent.Failed(AnthropicErrors.InBand(upstream.Provider, Parse(sse.Data.Span)?.Error));
            case "message_start":
                // Carried from the start, so a stream cut before message_delta still bills its input.
                usage = Add(usage, Parse(sse.Data.Span)?.Message?.Usage);
                final = usage;
                break;
            case "message_delta":
                usage = Add(usage, Parse(sse.Data.Span)?.Usage);
                final = usage;
                break;
            case "message_stop":
                stopped = true;
                break;
        }

        return StreamEvent.Chunk(Whole(sse, type), final, isUsageOnly: false);
    }

    public ValueTask DisposeAsync() => upstream.DisposeAsync();

    /// <summary>The event as it came: its name (Anthropic names every event after its data's type) and its data.</summary>
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

    /// <summary>message_start carries the input counts; message_delta the cumulative output (and, lately, input) counts.</summary>
    private static TokenUsage Add(TokenUsage current, AnthropicUsage? reported) => reported is null
        ? current
        : AnthropicMapping.Usage(
            reported.InputTokens ?? current.PromptTokens - current.CachedPromptTokens - current.CacheCreationTokens,
            reported.OutputTokens ?? current.CompletionTokens,
            reported.CacheReadInputTokens ?? current.CachedPromptTokens,
            reported.CacheCreationInputTokens ?? current.CacheCreationTokens);

    private static AnthropicStreamEvent? Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, AnthropicWireContext.Default.AnthropicStreamEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The top-level <c>type</c> of an event's data, or null when the data is not a JSON object with one.</summary>
    private static string? EventType(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
