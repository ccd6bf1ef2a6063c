using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Writes the Responses stream events, one method per event type, as SSE (<c>event: TYPE</c>, <c>data: JSON</c>,
/// blank line). Each event carries <c>type</c>, then <c>sequence_number</c> counting from 0, then the fields its
/// schema requires. <see cref="ResponsesStreamWriter"/> decides when; this class decides the bytes.
/// </summary>
internal sealed class ResponsesEvents(IBufferWriter<byte> output)
{
    private int sequenceNumber;

    public IBufferWriter<byte> Output { get; set; } = output;

    /// <summary><c>response.created</c>, <c>response.in_progress</c>, <c>response.completed</c>, <c>response.incomplete</c> or <c>response.failed</c>.</summary>
    public void Response(string type, ResponseObject response) => Write(type, writer =>
    {
        writer.WritePropertyName("response");
        response.Write(writer);
    });

    public void ItemAdded(ResponseOutputItem item) => ItemEvent("response.output_item.added", item);

    public void ItemDone(ResponseOutputItem item) => ItemEvent("response.output_item.done", item);

    public void SummaryPartAdded(ReasoningOutputItem item) => Write("response.reasoning_summary_part.added", writer =>
    {
        SummaryPosition(writer, item);
        writer.WritePropertyName("part");
        ReasoningOutputItem.WriteSummaryPart(writer, "");
    });

    public void SummaryTextDelta(ReasoningOutputItem item, string delta) => Write("response.reasoning_summary_text.delta", writer =>
    {
        SummaryPosition(writer, item);
        writer.WriteString("delta", delta);
    });

    public void SummaryDone(ReasoningOutputItem item, string text)
    {
        Write("response.reasoning_summary_text.done", writer =>
        {
            SummaryPosition(writer, item);
            writer.WriteString("text", text);
        });
        Write("response.reasoning_summary_part.done", writer =>
        {
            SummaryPosition(writer, item);
            writer.WritePropertyName("part");
            ReasoningOutputItem.WriteSummaryPart(writer, text);
        });
    }

    public void ContentPartAdded(MessageOutputItem item, int contentIndex) => Write("response.content_part.added", writer =>
    {
        PartPosition(writer, item, contentIndex);
        writer.WritePropertyName("part");
        item.Parts[contentIndex].Write(writer);
    });

    /// <summary><c>response.output_text.delta</c> or <c>response.refusal.delta</c>, by the part's kind.</summary>
    public void ContentDelta(MessageOutputItem item, int contentIndex, string delta)
    {
        var isRefusal = item.Parts[contentIndex].IsRefusal;
        Write(isRefusal ? "response.refusal.delta" : "response.output_text.delta", writer =>
        {
            PartPosition(writer, item, contentIndex);
            writer.WriteString("delta", delta);
            if (!isRefusal)
            {
                EmptyLogprobs(writer);
            }
        });
    }

    /// <summary>The part's <c>.done</c> event (text or refusal), then <c>response.content_part.done</c>.</summary>
    public void ContentPartDone(MessageOutputItem item, int contentIndex)
    {
        var part = item.Parts[contentIndex];
        var text = part.Text.ToString();
        Write(part.IsRefusal ? "response.refusal.done" : "response.output_text.done", writer =>
        {
            PartPosition(writer, item, contentIndex);
            if (part.IsRefusal)
            {
                writer.WriteString("refusal", text);
            }
            else
            {
                writer.WriteString("text", text);
                EmptyLogprobs(writer);
            }
        });
        Write("response.content_part.done", writer =>
        {
            PartPosition(writer, item, contentIndex);
            writer.WritePropertyName("part");
            part.Write(writer);
        });
    }

    public void ArgumentsDelta(FunctionCallOutputItem item, string delta) => Write("response.function_call_arguments.delta", writer =>
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WriteString("delta", delta);
    });

    public void ArgumentsDone(FunctionCallOutputItem item) => Write("response.function_call_arguments.done", writer =>
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WriteString("name", item.Name);
        writer.WriteString("arguments", item.Arguments.ToString());
    });

    private void ItemEvent(string type, ResponseOutputItem item) => Write(type, writer =>
    {
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WritePropertyName("item");
        item.Write(writer);
    });

    private void Write(string type, Action<Utf8JsonWriter> writeFields)
    {
        Output.Write("event: "u8);
        Output.Write(Encoding.UTF8.GetBytes(type));
        Output.Write("\ndata: "u8);
        using (var writer = new Utf8JsonWriter(Output, ResponsesJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", sequenceNumber++);
            writeFields(writer);
            writer.WriteEndObject();
        }

        Output.Write("\n\n"u8);
    }

    private static void SummaryPosition(Utf8JsonWriter writer, ReasoningOutputItem item)
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WriteNumber("summary_index", 0);
    }

    private static void PartPosition(Utf8JsonWriter writer, MessageOutputItem item, int contentIndex)
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", item.OutputIndex);
        writer.WriteNumber("content_index", contentIndex);
    }

    private static void EmptyLogprobs(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("logprobs");
        writer.WriteEndArray();
    }
}
