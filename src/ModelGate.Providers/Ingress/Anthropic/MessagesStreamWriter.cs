using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Turns one stream of OpenAI <c>chat.completion.chunk</c>s into the Messages API's event stream:
/// <c>message_start</c>; per content block <c>content_block_start</c>, deltas (<c>text_delta</c>,
/// <c>thinking_delta</c>, <c>signature_delta</c>, <c>input_json_delta</c>) and <c>content_block_stop</c>; then
/// <c>message_delta</c> (stop reason and usage) and <c>message_stop</c>. One instance per request; not thread-safe.
/// </summary>
/// <remarks>
/// OpenAI sends usage in a last chunk after the finish reason, so <c>message_delta</c> waits for that chunk or for
/// <see cref="Complete"/>. Blocks are opened one at a time; each OpenAI tool call (by its <c>index</c>) is its own
/// <c>tool_use</c> block. A thinking block that arrived as <c>reasoning_content</c> deltas is closed, with its
/// signature, by the matching <c>thinking_blocks</c> entry.
/// </remarks>
/// <param name="model">The model the client asked for, named in <c>message_start</c>.</param>
public sealed class MessagesStreamWriter(string model)
{
    private readonly SseEventWriter events = new();
    private readonly Dictionary<int, int> toolBlocks = [];
    private BlockKind openKind;
    private int openIndex = -1, nextIndex;
    private string? finishReason;
    private OpenAiUsage? usage;
    private bool started, finishSeen;

    /// <summary>The stream has ended (<c>message_stop</c> or an error was written); later calls write nothing.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Writes a <c>ping</c> right after <c>message_start</c>, as Anthropic's own streams do.</summary>
    public bool PingAfterStart { get; init; }

    private enum BlockKind
    {
        None,
        Text,
        Thinking,
        ToolUse,
    }

    /// <summary>Writes the events for one chunk. A chunk that is not JSON is returned as an error, for <see cref="WriteError"/>.</summary>
    public GatewayError? WriteChunk(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output)
    {
        if (IsFinished)
        {
            return null;
        }

        OpenAiChatChunk? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(chunk, OpenAiWireContext.Default.OpenAiChatChunk);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is null)
        {
            return MessagesErrors.Untranslatable("the stream sent a chunk that is not a chat.completion.chunk.");
        }

        Start(parsed.Id, output);
        if (parsed.Choices is [var choice, ..])
        {
            WriteDelta(choice.Delta, output);
            if (choice.FinishReason is not null)
            {
                finishReason = choice.FinishReason;
                finishSeen = true;
                CloseBlock(output);
            }
        }

        usage = parsed.Usage ?? usage;
        if (finishSeen && usage is not null)
        {
            Finish(output);
        }

        return null;
    }

    /// <summary>The provider's stream ended: closes what is open and writes <c>message_delta</c> and <c>message_stop</c>.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (!IsFinished)
        {
            Start(null, output);
            CloseBlock(output);
            Finish(output);
        }
    }

    /// <summary>Ends the stream with an <c>error</c> event (the gateway's status decides its type); no <c>message_stop</c> follows.</summary>
    public void WriteError(GatewayError error, IBufferWriter<byte> output)
    {
        if (IsFinished)
        {
            return;
        }

        var json = events.Begin(output, "error");
        json.WriteStartObject("error");
        json.WriteString("type", MessagesErrors.TypeFor(error.Status));
        json.WriteString("message", error.Message);
        json.WriteEndObject();
        events.End();
        IsFinished = true;
    }

    /// <summary>A keep-alive <c>ping</c> event.</summary>
    public void WritePing(IBufferWriter<byte> output)
    {
        if (!IsFinished)
        {
            events.Begin(output, "ping");
            events.End();
        }
    }

    private void Start(string? chunkId, IBufferWriter<byte> output)
    {
        if (started)
        {
            return;
        }

        started = true;
        var json = events.Begin(output, "message_start");
        json.WriteStartObject("message");
        json.WriteString("id", MessageIds.FromOpenAi(chunkId));
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteString("model", model);
        json.WriteStartArray("content");
        json.WriteEndArray();
        json.WriteNull("stop_reason");
        json.WriteNull("stop_sequence");
        default(MessagesUsage).Write(json);
        json.WriteEndObject();
        events.End();
        if (PingAfterStart)
        {
            WritePing(output);
        }
    }

    private void WriteDelta(OpenAiDelta delta, IBufferWriter<byte> output)
    {
        if (!string.IsNullOrEmpty(delta.ReasoningContent))
        {
            Open(BlockKind.Thinking, output);
            BlockDelta(output, "thinking_delta", "thinking", delta.ReasoningContent);
        }

        foreach (var block in delta.ThinkingBlocks ?? [])
        {
            WriteThinkingBlock(block, output);
        }

        var text = string.IsNullOrEmpty(delta.Content) ? delta.Refusal : delta.Content;
        if (!string.IsNullOrEmpty(text))
        {
            Open(BlockKind.Text, output);
            BlockDelta(output, "text_delta", "text", text);
        }

        foreach (var call in delta.ToolCalls ?? [])
        {
            WriteToolCall(call, output);
        }
    }

    /// <summary>A signed thinking block closes the one its reasoning deltas opened; otherwise it is a whole block of its own.</summary>
    private void WriteThinkingBlock(JsonElement block, IBufferWriter<byte> output)
    {
        if (!ThinkingBlocks.IsThinking(block))
        {
            return;
        }

        if (block.GetProperty("type").ValueEquals("redacted_thinking"u8))
        {
            CloseBlock(output);
            BlockStart(output, nextIndex++, json => block.WriteTo(json));
            BlockStop(output, nextIndex - 1);
            return;
        }

        if (openKind != BlockKind.Thinking)
        {
            Open(BlockKind.Thinking, output);
            if (StringField(block, "thinking") is { Length: > 0 } thinking)
            {
                BlockDelta(output, "thinking_delta", "thinking", thinking);
            }
        }

        if (StringField(block, "signature") is { Length: > 0 } signature)
        {
            BlockDelta(output, "signature_delta", "signature", signature);
        }

        CloseBlock(output);
    }

    private void WriteToolCall(OpenAiToolCall call, IBufferWriter<byte> output)
    {
        var key = call.Index ?? 0;
        if (!toolBlocks.TryGetValue(key, out var index))
        {
            CloseBlock(output);
            index = nextIndex++;
            toolBlocks[key] = index;
            (openKind, openIndex) = (BlockKind.ToolUse, index);
            var id = string.IsNullOrEmpty(call.Id) ? MessageIds.NewToolUseId() : call.Id;
            var name = call.Function?.Name ?? "";
            BlockStart(output, index, json =>
            {
                json.WriteString("type", "tool_use");
                json.WriteString("id", id);
                json.WriteString("name", name);
                json.WriteStartObject("input");
                json.WriteEndObject();
            }, wrap: true);
        }

        // Pieces of a call whose block another call has already closed keep their own index (providers that interleave calls).
        if (call.Function?.Arguments is { Length: > 0 } arguments)
        {
            BlockDelta(output, "input_json_delta", "partial_json", arguments, index);
        }
    }

    private void Open(BlockKind kind, IBufferWriter<byte> output)
    {
        if (openKind == kind && kind != BlockKind.ToolUse)
        {
            return;
        }

        CloseBlock(output);
        (openKind, openIndex) = (kind, nextIndex++);
        BlockStart(output, openIndex, json =>
        {
            if (kind == BlockKind.Text)
            {
                json.WriteString("type", "text");
                json.WriteString("text", "");
            }
            else
            {
                json.WriteString("type", "thinking");
                json.WriteString("thinking", "");
                json.WriteString("signature", "");
            }
        }, wrap: true);
    }

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (openKind != BlockKind.None)
        {
            BlockStop(output, openIndex);
            (openKind, openIndex) = (BlockKind.None, -1);
        }
    }

    /// <param name="wrap">Open and close the <c>content_block</c> object around <paramref name="writeBlock"/>; false when it writes a whole object.</param>
    private void BlockStart(IBufferWriter<byte> output, int index, Action<Utf8JsonWriter> writeBlock, bool wrap = false)
    {
        var json = events.Begin(output, "content_block_start");
        json.WriteNumber("index", index);
        json.WritePropertyName("content_block");
        if (wrap)
        {
            json.WriteStartObject();
        }

        writeBlock(json);
        if (wrap)
        {
            json.WriteEndObject();
        }

        events.End();
    }

    private void BlockDelta(IBufferWriter<byte> output, string type, string field, string value, int? index = null)
    {
        var json = events.Begin(output, "content_block_delta");
        json.WriteNumber("index", index ?? openIndex);
        json.WriteStartObject("delta");
        json.WriteString("type", type);
        json.WriteString(field, value);
        json.WriteEndObject();
        events.End();
    }

    private void BlockStop(IBufferWriter<byte> output, int index)
    {
        var json = events.Begin(output, "content_block_stop");
        json.WriteNumber("index", index);
        events.End();
    }

    /// <summary><c>message_delta</c> carries the stop reason and the whole usage (message_start could not know the input count).</summary>
    private void Finish(IBufferWriter<byte> output)
    {
        var json = events.Begin(output, "message_delta");
        json.WriteStartObject("delta");
        json.WriteString("stop_reason", StopReasons.FromFinishReason(finishReason, toolBlocks.Count > 0));
        json.WriteNull("stop_sequence");
        json.WriteEndObject();
        if (usage is null)
        {
            json.WriteStartObject("usage");
            json.WriteNumber("output_tokens", 0);
            json.WriteEndObject();
        }
        else
        {
            MessagesUsage.FromOpenAi(usage).Write(json);
        }

        events.End();
        events.Begin(output, "message_stop");
        events.End();
        IsFinished = true;
    }

    private static string? StringField(JsonElement block, string name) =>
        block.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
