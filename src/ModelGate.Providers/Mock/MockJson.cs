using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Usage;

namespace ModelGate.Providers.Mock;

/// <summary>Writes the mock's answers in OpenAI's chat completion wire format.</summary>
internal static class MockJson
{
    public static byte[] Completion(string id, long created, string model, MockReply reply) => Write(writer =>
    {
        Header(writer, id, "chat.completion", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", reply.Text);
        writer.WriteNull("refusal");
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", "stop");
        writer.WriteEndObject();
        writer.WriteEndArray();
        Usage(writer, reply.Usage);
    });

    /// <param name="role">Set on the first chunk only, as OpenAI does.</param>
    /// <param name="finishReason">Set on the last content chunk.</param>
    public static byte[] Chunk(string id, long created, string model, string? role, string? content, string? finishReason) => Write(writer =>
    {
        Header(writer, id, "chat.completion.chunk", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (role is not null)
        {
            writer.WriteString("role", role);
        }

        if (content is not null)
        {
            writer.WriteString("content", content);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (finishReason is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    public static byte[] UsageChunk(string id, long created, string model, TokenUsage usage) => Write(writer =>
    {
        Header(writer, id, "chat.completion.chunk", created, model);
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        Usage(writer, usage);
    });

    public static byte[] Error(int status, string message) => Write(writer =>
    {
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", status switch { >= 500 => "server_error", 429 => "rate_limit_error", _ => "invalid_request_error" });
        writer.WriteNull("param");
        writer.WriteString("code", "mock_failure");
        writer.WriteEndObject();
    });

    private static void Header(Utf8JsonWriter writer, string id, string type, long created, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", type);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model); // no system_fingerprint: OpenAI's schema has it as a string, present or absent, never null
    }

    private static void Usage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
