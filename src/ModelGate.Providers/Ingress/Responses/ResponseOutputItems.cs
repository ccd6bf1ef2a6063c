using System.Text;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>An item of a response's <c>output</c>, built up from a chat completion or its stream.</summary>
internal abstract class ResponseOutputItem(string id, int outputIndex)
{
    public string Id { get; } = id;
    public int OutputIndex { get; } = outputIndex;

    /// <summary><c>in_progress</c> while streaming, then <c>completed</c> or <c>incomplete</c>.</summary>
    public string Status { get; set; } = "in_progress";

    public abstract void Write(Utf8JsonWriter writer);
}

/// <summary>Thinking text as a reasoning summary; signed thinking blocks ride in <c>encrypted_content</c>.</summary>
internal sealed class ReasoningOutputItem(string id, int outputIndex) : ResponseOutputItem(id, outputIndex)
{
    public StringBuilder? Summary { get; set; }
    public List<JsonElement> ThinkingBlocks { get; } = [];

    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "reasoning");
        writer.WriteString("id", Id);
        writer.WriteStartArray("summary");
        if (Summary is not null)
        {
            WriteSummaryPart(writer, Summary.ToString());
        }

        writer.WriteEndArray();
        if (ThinkingBlocks.Count > 0)
        {
            writer.WriteString("encrypted_content", ThinkingBlocksCarrier.Encode(ThinkingBlocks));
        }

        writer.WriteEndObject();
    }

    public static void WriteSummaryPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "summary_text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }
}

/// <summary>An assistant message: <c>output_text</c> and <c>refusal</c> parts in the order they came.</summary>
internal sealed class MessageOutputItem(string id, int outputIndex) : ResponseOutputItem(id, outputIndex)
{
    public List<ContentPart> Parts { get; } = [];

    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("id", Id);
        writer.WriteString("status", Status);
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        foreach (var part in Parts)
        {
            part.Write(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal sealed class ContentPart(bool isRefusal)
    {
        public bool IsRefusal { get; } = isRefusal;
        public StringBuilder Text { get; } = new();

        public void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            if (IsRefusal)
            {
                writer.WriteString("type", "refusal");
                writer.WriteString("refusal", Text.ToString());
            }
            else
            {
                writer.WriteString("type", "output_text");
                writer.WriteString("text", Text.ToString());
                writer.WriteStartArray("annotations");
                writer.WriteEndArray();
                writer.WriteStartArray("logprobs");
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }
    }
}

internal sealed class FunctionCallOutputItem(string id, int outputIndex, string callId, string name) : ResponseOutputItem(id, outputIndex)
{
    public string CallId { get; } = callId;
    public string Name { get; set; } = name;
    public StringBuilder Arguments { get; } = new();

    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function_call");
        writer.WriteString("id", Id);
        writer.WriteString("call_id", CallId);
        writer.WriteString("name", Name);
        writer.WriteString("arguments", Arguments.ToString());
        writer.WriteString("status", Status);
        writer.WriteEndObject();
    }
}
