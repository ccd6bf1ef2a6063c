using System.Text;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// The items of one assistant turn (reasoning, a message, function calls), gathered into the one chat assistant
/// message they stand for.
/// </summary>
internal sealed class AssistantTurn
{
    public StringBuilder Text { get; } = new();
    public StringBuilder Refusal { get; } = new();
    public bool HasText { get; set; }
    public bool HasRefusal { get; set; }
    public List<(string CallId, string Name, string Arguments)> Calls { get; } = [];
    public StringBuilder? Reasoning { get; private set; }
    public List<JsonElement> ThinkingBlocks { get; } = [];

    public bool IsEmptyButReasoning => !HasText && !HasRefusal && Calls.Count == 0;

    public void AddReasoning(string text)
    {
        if (Reasoning is null)
        {
            Reasoning = new StringBuilder(text);
        }
        else
        {
            Reasoning.Append("\n\n").Append(text);
        }
    }

    /// <summary>The chat assistant message.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (HasText)
        {
            writer.WriteString("content", Text.ToString());
        }
        else
        {
            writer.WriteNull("content");
        }

        if (HasRefusal)
        {
            writer.WriteString("refusal", Refusal.ToString());
        }

        if (Calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var (callId, name, arguments) in Calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", callId);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", name);
                writer.WriteString("arguments", arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (Reasoning is not null)
        {
            writer.WriteString("reasoning_content", Reasoning.ToString());
        }

        if (ThinkingBlocks.Count > 0)
        {
            writer.WriteStartArray("thinking_blocks");
            foreach (var block in ThinkingBlocks)
            {
                block.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
