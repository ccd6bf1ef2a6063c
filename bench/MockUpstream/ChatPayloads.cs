using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGate.Bench.MockUpstream;

/// <summary>
/// OpenAI chat completion responses exactly as the wire carries them, built once. The micro-benchmarks link
/// this file too, so both measure the same bytes.
/// </summary>
public static class ChatPayloads
{
    public const string Id = "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG";
    public const long Created = 1741569952;
    public const string Model = "gpt-4o-mini-2024-07-18";
    public const string Fingerprint = "fp_06737a9306";
    public const int PromptTokens = 412;

    private const string Answer =
        "The capital of France is Paris. It sits on the Seine in the north of the country and has been the " +
        "nation's political, economic and cultural centre for centuries. Visitors know it for the Eiffel Tower, " +
        "the Louvre, Notre-Dame and its cafés, and the wider Île-de-France region is home to about twelve million people.";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer cut the way a tokenizer streams it: words with their leading space.</summary>
    public static IReadOnlyList<string> Tokens { get; } = Answer.Split(' ').Select((word, i) => i == 0 ? word : " " + word).ToArray();

    /// <summary>A <c>chat.completion</c> object for a non-streaming request.</summary>
    public static byte[] Completion() => Json(json =>
    {
        WriteHeader(json, "chat.completion");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", Answer);
        json.WriteNull("refusal");
        json.WriteStartArray("annotations");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", "stop");
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, Tokens.Count);
        json.WriteString("service_tier", "default");
        json.WriteString("system_fingerprint", Fingerprint);
    });

    /// <summary>
    /// A whole stream, one element per server-sent event: <paramref name="chunks"/> <c>chat.completion.chunk</c>
    /// events (the first carries the role, the last the finish reason), then the usage chunk when asked for,
    /// then <c>[DONE]</c>.
    /// </summary>
    public static byte[][] StreamEvents(int chunks, bool includeUsage)
    {
        chunks = Math.Max(chunks, 2);
        var events = new List<byte[]>(chunks + 2)
        {
            Event(Chunk(includeUsage, json =>
            {
                json.WriteString("role", "assistant");
                json.WriteString("content", "");
                json.WriteNull("refusal");
            })),
        };

        for (var i = 0; i < chunks - 2; i++)
        {
            var token = Tokens[i % Tokens.Count];
            events.Add(Event(Chunk(includeUsage, json => json.WriteString("content", token))));
        }

        events.Add(Event(Chunk(includeUsage, _ => { }, finishReason: "stop")));
        if (includeUsage)
        {
            events.Add(Event(Json(json =>
            {
                WriteHeader(json, "chat.completion.chunk");
                json.WriteStartArray("choices");
                json.WriteEndArray();
                WriteUsage(json, chunks - 2);
            })));
        }

        events.Add("data: [DONE]\n\n"u8.ToArray());
        return [.. events];
    }

    private static byte[] Chunk(bool includeUsage, Action<Utf8JsonWriter> delta, string? finishReason = null) => Json(json =>
    {
        WriteHeader(json, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        delta(json);
        json.WriteEndObject();
        json.WriteNull("logprobs");
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (includeUsage)
        {
            json.WriteNull("usage");
        }
    });

    private static void WriteHeader(Utf8JsonWriter json, string type)
    {
        json.WriteString("id", Id);
        json.WriteString("object", type);
        json.WriteNumber("created", Created);
        json.WriteString("model", Model);
        if (type == "chat.completion.chunk")
        {
            json.WriteString("service_tier", "default");
            json.WriteString("system_fingerprint", Fingerprint);
        }
    }

    private static void WriteUsage(Utf8JsonWriter json, int completionTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", PromptTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteNumber("total_tokens", PromptTokens + completionTokens);
        json.WriteStartObject("prompt_tokens_details");
        json.WriteNumber("cached_tokens", 0);
        json.WriteNumber("audio_tokens", 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details");
        json.WriteNumber("reasoning_tokens", 0);
        json.WriteNumber("audio_tokens", 0);
        json.WriteNumber("accepted_prediction_tokens", 0);
        json.WriteNumber("rejected_prediction_tokens", 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Event(byte[] json) => [.. "data: "u8, .. json, .. "\n\n"u8];
}
