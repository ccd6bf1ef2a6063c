using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>The Anthropic message to answer with, or why the provider's answer cannot be one.</summary>
public readonly record struct MessagesResponseTranslation(byte[]? Body, GatewayError? Error);

/// <summary>
/// Translates an OpenAI <c>chat.completion</c> into an Anthropic <c>message</c>: content blocks in the order
/// thinking, text, tool_use; finish reason → <c>stop_reason</c>; usage with cache reads and writes apart.
/// </summary>
public static class MessagesResponseTranslator
{
    /// <param name="completion">The provider's answer as an OpenAI <c>chat.completion</c>.</param>
    /// <param name="model">The model the client asked for, named in the message.</param>
    public static MessagesResponseTranslation Translate(ReadOnlySpan<byte> completion, string model)
    {
        OpenAiChatCompletion? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(completion, OpenAiWireContext.Default.OpenAiChatCompletion);
        }
        catch (JsonException e)
        {
            return new(null, MessagesErrors.Untranslatable($"it is not a chat.completion ({e.Path})."));
        }

        if (parsed is not { Choices: [var choice, ..] })
        {
            return new(null, MessagesErrors.Untranslatable("it has no choices."));
        }

        var buffer = new ArrayBufferWriter<byte>(completion.Length + 256);
        using (var json = new Utf8JsonWriter(buffer, MessagesJson.WriterOptions))
        {
            var message = choice.Message;
            json.WriteStartObject();
            json.WriteString("id", MessageIds.FromOpenAi(parsed.Id));
            json.WriteString("type", "message");
            json.WriteString("role", "assistant");
            json.WriteString("model", model);
            json.WriteStartArray("content");
            WriteThinking(message, json);
            WriteText(message, json);
            var hasToolCalls = WriteToolUses(message.ToolCalls, json);
            json.WriteEndArray();
            json.WriteString("stop_reason", StopReasons.FromFinishReason(choice.FinishReason, hasToolCalls));
            json.WriteNull("stop_sequence");
            MessagesUsage.FromOpenAi(parsed.Usage).Write(json);
            json.WriteEndObject();
        }

        return new(buffer.WrittenSpan.ToArray(), null);
    }

    /// <summary>
    /// The signed blocks from <c>thinking_blocks</c> as they came; failing those, <c>reasoning_content</c> as one
    /// thinking block with an empty signature (a model that does not sign its reasoning).
    /// </summary>
    private static void WriteThinking(OpenAiResponseMessage message, Utf8JsonWriter json)
    {
        if (message.ThinkingBlocks is { Count: > 0 } blocks)
        {
            foreach (var block in blocks.Where(ThinkingBlocks.IsThinking))
            {
                block.WriteTo(json);
            }

            return;
        }

        if (!string.IsNullOrEmpty(message.ReasoningContent))
        {
            json.WriteStartObject();
            json.WriteString("type", "thinking");
            json.WriteString("thinking", message.ReasoningContent);
            json.WriteString("signature", "");
            json.WriteEndObject();
        }
    }

    /// <summary>The text, or the refusal when the model refused.</summary>
    private static void WriteText(OpenAiResponseMessage message, Utf8JsonWriter json)
    {
        var text = string.IsNullOrEmpty(message.Content) ? message.Refusal : message.Content;
        if (!string.IsNullOrEmpty(text))
        {
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("text", text);
            json.WriteEndObject();
        }
    }

    private static bool WriteToolUses(List<OpenAiToolCall>? calls, Utf8JsonWriter json)
    {
        if (calls is not { Count: > 0 })
        {
            return false;
        }

        foreach (var call in calls)
        {
            json.WriteStartObject();
            json.WriteString("type", "tool_use");
            json.WriteString("id", string.IsNullOrEmpty(call.Id) ? MessageIds.NewToolUseId() : call.Id);
            json.WriteString("name", call.Function?.Name ?? "");
            json.WritePropertyName("input");
            ToolInput.Write(call.Function?.Arguments, json);
            json.WriteEndObject();
        }

        return true;
    }
}
