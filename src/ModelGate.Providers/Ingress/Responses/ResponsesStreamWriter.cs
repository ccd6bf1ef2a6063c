using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Turns one chat completion stream into a Responses event stream; one writer per request. Feed it each
/// <c>chat.completion.chunk</c> in order (<see cref="Chunk"/>), then end it with <see cref="Complete"/> or, when
/// the upstream stream breaks, <see cref="Fail"/>. The first call also writes <c>response.created</c> and
/// <c>response.in_progress</c>.
/// </summary>
/// <remarks>
/// Thinking text opens a <c>reasoning</c> item (summary events), answer text and refusals a <c>message</c> item,
/// and each tool call (keyed by its chat <c>tool_calls[].index</c>) its own <c>function_call</c> item. A reasoning
/// or message item is closed when another item starts; tool calls stay open until the finish reason, since some
/// providers interleave their argument pieces. Usage may arrive in a usage-only chunk after the finish reason.
/// </remarks>
public sealed class ResponsesStreamWriter
{
    private readonly ResponsesRequest request;
    private readonly ResponseIds ids;
    private readonly long createdAt;
    private readonly TimeProvider time;
    private readonly ResponsesSseWriter sse = new();
    private readonly Dictionary<int, FunctionCallOutputItem> calls = [];
    private ResponseObject? response;
    private ReasoningOutputItem? reasoning;
    private MessageOutputItem? message;
    private string? finishReason;
    private bool finished;

    /// <param name="createdAt">Unix seconds when the request arrived.</param>
    /// <param name="time">The clock for <c>completed_at</c>.</param>
    public ResponsesStreamWriter(ResponsesRequest request, string responseId, long createdAt, TimeProvider time)
    {
        this.request = request;
        ids = new ResponseIds(responseId);
        this.createdAt = createdAt;
        this.time = time;
    }

    /// <summary>The response object as it stands: after <see cref="Complete"/> or <see cref="Fail"/>, the one to store.</summary>
    public byte[] Response() => (response ?? new ResponseObject(request, ids.ResponseId, createdAt, request.Model)).ToJson();

    /// <summary>Writes the events one chat chunk leads to (none for a chunk that is not JSON).</summary>
    public void Chunk(ReadOnlySpan<byte> chunkJson, IBufferWriter<byte> output)
    {
        OpenAiChatChunk? chunk;
        try
        {
            chunk = JsonSerializer.Deserialize(chunkJson, OpenAiWireContext.Default.OpenAiChatChunk);
        }
        catch (JsonException)
        {
            return;
        }

        if (chunk is null || finished)
        {
            return;
        }

        var current = Start(output, chunk.Model);
        if (chunk.Usage is not null)
        {
            current.Usage = chunk.Usage;
        }

        if (chunk.Choices.FirstOrDefault(choice => choice.Index == 0) is not { } choice)
        {
            return;
        }

        var delta = choice.Delta;
        if (!string.IsNullOrEmpty(delta.ReasoningContent))
        {
            ReasoningText(output, delta.ReasoningContent);
        }

        if (delta.ThinkingBlocks is { Count: > 0 })
        {
            OpenReasoning(output).ThinkingBlocks.AddRange(delta.ThinkingBlocks);
        }

        if (!string.IsNullOrEmpty(delta.Content))
        {
            MessageText(output, delta.Content, isRefusal: false);
        }

        if (!string.IsNullOrEmpty(delta.Refusal))
        {
            MessageText(output, delta.Refusal, isRefusal: true);
        }

        foreach (var call in delta.ToolCalls ?? [])
        {
            ToolCall(output, call);
        }

        if (choice.FinishReason is not null)
        {
            finishReason = choice.FinishReason;
            CloseAll(output, finishReason is "length" or "content_filter" ? "incomplete" : "completed");
        }
    }

    /// <summary>The end of the chat stream: closes what is open and writes <c>response.completed</c> or <c>response.incomplete</c>.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (finished)
        {
            return;
        }

        var current = Start(output, null);
        CloseAll(output, finishReason is "length" or "content_filter" ? "incomplete" : "completed");
        current.Finish(finishReason, time.GetUtcNow().ToUnixTimeSeconds());
        finished = true;
        var type = current.Status == "incomplete" ? "response.incomplete" : "response.completed";
        sse.Write(output, type, writer =>
        {
            writer.WritePropertyName("response");
            current.Write(writer);
        });
    }

    /// <summary>
    /// A failure after the stream started: open items are left <c>incomplete</c> and the stream ends with
    /// <c>response.failed</c>, whose response carries <c>error</c> {code, message}.
    /// </summary>
    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        if (finished)
        {
            return;
        }

        var current = Start(output, null);
        foreach (var item in current.Output.Where(item => item.Status == "in_progress"))
        {
            item.Status = "incomplete";
        }

        current.Fail(error);
        finished = true;
        sse.Write(output, "response.failed", writer =>
        {
            writer.WritePropertyName("response");
            current.Write(writer);
        });
    }

    private ResponseObject Start(IBufferWriter<byte> output, string? model)
    {
        if (response is not null)
        {
            return response;
        }

        var created = response = new ResponseObject(request, ids.ResponseId, createdAt, string.IsNullOrEmpty(model) ? request.Model : model);
        foreach (var type in (string[])["response.created", "response.in_progress"])
        {
            sse.Write(output, type, writer =>
            {
                writer.WritePropertyName("response");
                created.Write(writer);
            });
        }

        return created;
    }

    private void ReasoningText(IBufferWriter<byte> output, string text)
    {
        var item = OpenReasoning(output);
        if (item.Summary is null)
        {
            item.Summary = new StringBuilder();
            sse.Write(output, "response.reasoning_summary_part.added", writer =>
            {
                WriteSummaryPosition(writer, item);
                writer.WritePropertyName("part");
                ReasoningOutputItem.WriteSummaryPart(writer, "");
            });
        }

        item.Summary.Append(text);
        sse.Write(output, "response.reasoning_summary_text.delta", writer =>
        {
            WriteSummaryPosition(writer, item);
            writer.WriteString("delta", text);
        });
    }

    private ReasoningOutputItem OpenReasoning(IBufferWriter<byte> output)
    {
        if (reasoning is not null)
        {
            return reasoning;
        }

        CloseMessage(output, "completed");
        var index = response!.Output.Count;
        var item = reasoning = new ReasoningOutputItem(ids.Reasoning(index), index);
        Add(output, item);
        return item;
    }

    private void MessageText(IBufferWriter<byte> output, string text, bool isRefusal)
    {
        var item = OpenMessage(output);
        var part = item.Parts.Count > 0 ? item.Parts[^1] : null;
        if (part is null || part.IsRefusal != isRefusal)
        {
            if (part is not null)
            {
                ClosePart(output, item, item.Parts.Count - 1);
            }

            part = new MessageOutputItem.ContentPart(isRefusal);
            item.Parts.Add(part);
            var contentIndex = item.Parts.Count - 1;
            var added = part;
            sse.Write(output, "response.content_part.added", writer =>
            {
                WritePartPosition(writer, item, contentIndex);
                writer.WritePropertyName("part");
                added.Write(writer);
            });
        }

        part.Text.Append(text);
        var index = item.Parts.Count - 1;
        sse.Write(output, isRefusal ? "response.refusal.delta" : "response.output_text.delta", writer =>
        {
            WritePartPosition(writer, item, index);
            writer.WriteString("delta", text);
            if (!isRefusal)
            {
                writer.WriteStartArray("logprobs");
                writer.WriteEndArray();
            }
        });
    }

    private MessageOutputItem OpenMessage(IBufferWriter<byte> output)
    {
        if (message is not null)
        {
            return message;
        }

        CloseReasoning(output, "completed");
        var index = response!.Output.Count;
        var item = message = new MessageOutputItem(ids.Message(index), index);
        Add(output, item);
        return item;
    }

    private void ToolCall(IBufferWriter<byte> output, OpenAiToolCall call)
    {
        var key = call.Index ?? 0;
        if (!calls.TryGetValue(key, out var item))
        {
            CloseReasoning(output, "completed");
            CloseMessage(output, "completed");
            var index = response!.Output.Count;
            item = new FunctionCallOutputItem(ids.FunctionCall(index), index, call.Id ?? ids.CallId(index), call.Function?.Name ?? "");
            calls[key] = item;
            Add(output, item);
        }
        else if (string.IsNullOrEmpty(item.Name) && !string.IsNullOrEmpty(call.Function?.Name))
        {
            item.Name = call.Function.Name;
        }

        var arguments = call.Function?.Arguments;
        if (string.IsNullOrEmpty(arguments))
        {
            return;
        }

        item.Arguments.Append(arguments);
        sse.Write(output, "response.function_call_arguments.delta", writer =>
        {
            writer.WriteString("item_id", item.Id);
            writer.WriteNumber("output_index", item.OutputIndex);
            writer.WriteString("delta", arguments);
        });
    }

    private void Add(IBufferWriter<byte> output, ResponseOutputItem item)
    {
        response!.Output.Add(item);
        sse.Write(output, "response.output_item.added", writer =>
        {
            writer.WriteNumber("output_index", item.OutputIndex);
            writer.WritePropertyName("item");
            item.Write(writer);
        });
    }

    /// <summary>Closes every open item in output order; the last one takes <paramref name="lastStatus"/>.</summary>
    private void CloseAll(IBufferWriter<byte> output, string lastStatus)
    {
        var open = response!.Output.Where(item => item.Status == "in_progress").ToList();
        foreach (var item in open)
        {
            var status = ReferenceEquals(item, response.Output[^1]) ? lastStatus : "completed";
            switch (item)
            {
                case ReasoningOutputItem:
                    CloseReasoning(output, status);
                    break;
                case MessageOutputItem:
                    CloseMessage(output, status);
                    break;
                case FunctionCallOutputItem call:
                    CloseCall(output, call, status);
                    break;
            }
        }
    }

    private void CloseReasoning(IBufferWriter<byte> output, string status)
    {
        if (reasoning is not { } item)
        {
            return;
        }

        reasoning = null;
        if (item.Summary is { } summary)
        {
            var text = summary.ToString();
            sse.Write(output, "response.reasoning_summary_text.done", writer =>
            {
                WriteSummaryPosition(writer, item);
                writer.WriteString("text", text);
            });
            sse.Write(output, "response.reasoning_summary_part.done", writer =>
            {
                WriteSummaryPosition(writer, item);
                writer.WritePropertyName("part");
                ReasoningOutputItem.WriteSummaryPart(writer, text);
            });
        }

        Done(output, item, status);
    }

    private void CloseMessage(IBufferWriter<byte> output, string status)
    {
        if (message is not { } item)
        {
            return;
        }

        message = null;
        ClosePart(output, item, item.Parts.Count - 1);
        Done(output, item, status);
    }

    private void ClosePart(IBufferWriter<byte> output, MessageOutputItem item, int contentIndex)
    {
        if (contentIndex < 0)
        {
            return;
        }

        var part = item.Parts[contentIndex];
        var text = part.Text.ToString();
        sse.Write(output, part.IsRefusal ? "response.refusal.done" : "response.output_text.done", writer =>
        {
            WritePartPosition(writer, item, contentIndex);
            if (part.IsRefusal)
            {
                writer.WriteString("refusal", text);
            }
            else
            {
                writer.WriteString("text", text);
                writer.WriteStartArray("logprobs");
                writer.WriteEndArray();
            }
        });
        sse.Write(output, "response.content_part.done", writer =>
        {
            WritePartPosition(writer, item, contentIndex);
            writer.WritePropertyName("part");
            part.Write(writer);
        });
    }

    private void CloseCall(IBufferWriter<byte> output, FunctionCallOutputItem item, string status)
    {
        sse.Write(output, "response.function_call_arguments.done", writer =>
        {
            writer.WriteString("item_id", item.Id);
            writer.WriteNumber("output_index", item.OutputIndex);
            writer.WriteString("name", item.Name);
            writer.WriteString("arguments", item.Arguments.ToString());
        });
        Done(output, item, status);
    }

    private void Done(IBufferWriter<byte> output, ResponseOutputItem item, string status)
    {
        item.Status = status;
        sse.Write(output, "response.output_item.done", writer =>
        {
            writer.WriteNumber("output_index", item.OutputIndex);
            writer.WritePropertyName("item");
            item.Write(writer);
        });
    }

    private static void WriteSummaryPosition(Utf8JsonWriter writer, ReasoningOutputItem item)
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WriteNumber("summary_index", 0);
    }

    private static void WritePartPosition(Utf8JsonWriter writer, MessageOutputItem item, int contentIndex)
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WriteNumber("content_index", contentIndex);
    }
}
