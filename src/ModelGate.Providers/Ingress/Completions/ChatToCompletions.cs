using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Ingress.Completions;

/// <summary>
/// Turns OpenAI chat answers into legacy completions answers (OpenAI's <c>CreateCompletionResponse</c>, which a
/// stream's chunks share): each choice's message text becomes its <c>text</c>, finish reasons are narrowed to
/// <c>stop</c>, <c>length</c> and <c>content_filter</c>, <c>logprobs</c> is null, <c>usage</c> is copied (both APIs
/// use <c>CompletionUsage</c>), and <c>chatcmpl-</c> ids become <c>cmpl-</c> ids. Pure: bytes in, bytes out.
/// </summary>
public static class ChatToCompletions
{
    private const string ChatIdPrefix = "chatcmpl-";
    private const string CompletionIdPrefix = "cmpl-";

    /// <summary>A <c>text_completion</c> object from a <c>chat.completion</c>; null with the error when it is not one.</summary>
    public static byte[]? Completion(ReadOnlySpan<byte> chatCompletion, out GatewayError? error)
    {
        error = null;
        using var document = Parse(chatCompletion, out error);
        if (document is null)
        {
            return null;
        }

        if (!document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            error = CompletionsErrors.Untranslatable("it has no choices.");
            return null;
        }

        return Write(document.RootElement, json =>
        {
            foreach (var choice in choices.EnumerateArray())
            {
                var message = choice.TryGetProperty("message", out var m) ? m : default;
                WriteChoice(json, Index(choice), Text(message), FinishReason(choice) ?? FinishReasons.Stop);
            }
        });
    }

    /// <summary>
    /// Writes the <c>text_completion</c> chunk one <c>chat.completion.chunk</c> becomes: nothing for a chunk that
    /// carries no text, no finish reason and no usage (the opening role chunk, reasoning). False when it is not a chunk.
    /// </summary>
    public static bool Chunk(ReadOnlySpan<byte> chatChunk, IBufferWriter<byte> output, out GatewayError? error)
    {
        using var document = Parse(chatChunk, out error);
        if (document is null)
        {
            return false;
        }

        var root = document.RootElement;
        var pieces = new List<(int Index, string Text, string? Finish)>();
        IEnumerable<JsonElement> choices = root.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray() : [];
        foreach (var choice in choices)
        {
            var text = Text(choice.TryGetProperty("delta", out var delta) ? delta : default);
            var finish = FinishReason(choice);
            if (text.Length > 0 || finish is not null)
            {
                pieces.Add((Index(choice), text, finish));
            }
        }

        var hasUsage = root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object;
        if (pieces.Count == 0 && !hasUsage)
        {
            return true;
        }

        var bytes = Write(root, json =>
        {
            foreach (var (index, text, finish) in pieces)
            {
                WriteChoice(json, index, text, finish);
            }
        });
        output.Write(bytes);
        return true;
    }

    private static JsonDocument? Parse(ReadOnlySpan<byte> json, out GatewayError? error)
    {
        error = null;
        try
        {
            var document = JsonDocument.Parse(json.ToArray(), CompletionsJson.DocumentOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            error = CompletionsErrors.Untranslatable("it is not a JSON object.");
        }
        catch (JsonException e)
        {
            error = CompletionsErrors.Untranslatable($"it is not JSON ({e.Message}).");
        }

        return null;
    }

    /// <summary>The envelope every completions answer has, around the choices <paramref name="writeChoices"/> writes.</summary>
    private static byte[] Write(JsonElement chat, Action<Utf8JsonWriter> writeChoices)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, CompletionsJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", Id(chat));
            json.WriteString("object", "text_completion");
            json.WriteNumber("created", chat.TryGetProperty("created", out var created) && created.TryGetInt64(out var seconds) ? seconds : 0);
            json.WriteString("model", chat.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : "");
            if (chat.TryGetProperty("system_fingerprint", out var fingerprint) && fingerprint.ValueKind == JsonValueKind.String)
            {
                json.WriteString("system_fingerprint", fingerprint.GetString());
            }

            json.WriteStartArray("choices");
            writeChoices(json);
            json.WriteEndArray();
            if (chat.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                json.WritePropertyName("usage");
                usage.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChoice(Utf8JsonWriter json, int index, string text, string? finishReason)
    {
        json.WriteStartObject();
        json.WriteString("text", text);
        json.WriteNumber("index", index);
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
    }

    private static string Id(JsonElement chat)
    {
        var id = chat.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return id.StartsWith(ChatIdPrefix, StringComparison.Ordinal) ? CompletionIdPrefix + id[ChatIdPrefix.Length..] : id;
    }

    private static int Index(JsonElement choice) =>
        choice.TryGetProperty("index", out var index) && index.TryGetInt32(out var value) ? value : 0;

    /// <summary>The message's (or delta's) text; a refusal is the text the model gave.</summary>
    private static string Text(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        foreach (var field in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (message.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return "";
    }

    /// <summary>Chat's finish reason in the completions API's terms: tool and function calls cannot happen there, so they read as a stop.</summary>
    private static string? FinishReason(JsonElement choice) =>
        choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString() switch
            {
                FinishReasons.Length => FinishReasons.Length,
                FinishReasons.ContentFilter => FinishReasons.ContentFilter,
                _ => FinishReasons.Stop,
            }
            : null;
}
