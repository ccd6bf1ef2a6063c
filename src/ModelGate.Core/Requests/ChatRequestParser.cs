using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Core.Requests;

/// <summary>
/// Validates a chat completion body in one forward pass over its bytes (no DOM) and records what the gateway
/// needs. Fields it does not know are left alone: they reach the provider untouched.
/// </summary>
public static class ChatRequestParser
{
    public static ChatRequest? Parse(ReadOnlyMemory<byte> body, out GatewayError? error) => Parse(body, RequestKind.Chat, out error);

    /// <summary>Chat bodies hold <c>messages</c>; legacy completion bodies hold <c>prompt</c> instead and are otherwise read alike.</summary>
    internal enum RequestKind
    {
        Chat,
        Completion,
        Responses,
    }

    internal static ChatRequest? Parse(ReadOnlyMemory<byte> body, RequestKind kind, out GatewayError? error)
    {
        try
        {
            return ParseCore(body, kind, out error);
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split([" LineNumber:", " Path:"], StringSplitOptions.None)[0].TrimEnd('.', ' ');
            error = GatewayErrors.InvalidJson($"{reason} (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on a string that is not valid UTF-8.
            error = GatewayErrors.InvalidJson("a string the gateway reads (model) is not valid UTF-8.");
            return null;
        }
    }

    private static ChatRequest? ParseCore(ReadOnlyMemory<byte> body, RequestKind kind, out GatewayError? error)
    {
        error = null;
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..]; // a UTF-8 byte order mark is not JSON; the rest is forwarded without it
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            error = GatewayErrors.InvalidJson("the body is not valid UTF-8");
            return null;
        }

        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            error = GatewayErrors.InvalidJson("the body is empty");
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = GatewayErrors.InvalidJson("the body must be a JSON object");
            return null;
        }

        var rootStart = (int)reader.BytesConsumed;
        string? model = null;
        Range modelValue = default;
        Range? streamOptions = null;
        var stream = false;
        var wantsUsage = false;
        var sawContent = false;
        List<string>? models = null;
        Range? modelsProperty = null;
        int? maxTokens = null;

        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Providers differ on which duplicate wins; a field the gateway reads must mean one thing.
            var field = FieldRead(ref reader, kind);
            if (field >= 0 && (seen & (1 << field)) != 0)
            {
                error = GatewayErrors.InvalidValue(FieldsRead(kind)[field], "the field appears more than once.");
                return null;
            }

            seen |= field >= 0 ? 1 << field : 0;

            if (field == ModelField)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = GatewayErrors.InvalidType("model", "a string");
                    return null;
                }

                model = reader.GetString();
                modelValue = (int)reader.TokenStartIndex..(int)reader.BytesConsumed;
            }
            else if (field == ContentField && kind == RequestKind.Completion)
            {
                reader.Read();
                if (!CompletionPrompt.IsWellFormed(ref reader))
                {
                    error = GatewayErrors.InvalidType("prompt", "a string, an array of strings, an array of tokens or an array of token arrays");
                    return null;
                }

                sawContent = true;
            }
            else if (field == ContentField && kind == RequestKind.Responses)
            {
                // Checked by the Responses reader; OpenAI also takes none (with a stored prompt or a conversation).
                reader.Read();
                reader.Skip();
                sawContent = true;
            }
            else if (field == ContentField)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    error = GatewayErrors.InvalidType("messages", "an array of message objects");
                    return null;
                }

                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    error = GatewayErrors.InvalidValue("messages", "the array must hold at least one message.");
                    return null;
                }

                reader.Skip();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                }

                sawContent = true;
            }
            else if (field == StreamField)
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    error = GatewayErrors.InvalidType("stream", "a boolean");
                    return null;
                }

                stream = reader.TokenType == JsonTokenType.True;
            }
            else if (field == ModelsField)
            {
                var start = (int)reader.TokenStartIndex;
                models = ReadModels(ref reader, out error);
                if (error is not null)
                {
                    return null;
                }

                modelsProperty = WithOneComma(body.Span, start, (int)reader.BytesConsumed);
            }
            else if (field == StreamOptionsField)
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                wantsUsage = ReadIncludeUsage(ref reader, out error);
                if (error is not null)
                {
                    return null;
                }

                streamOptions = start..(int)reader.BytesConsumed;
            }
            else
            {
                // Read only as an estimate for cost-based routing; validating it is the provider's part.
                var isMaxTokens = reader.ValueTextEquals("max_completion_tokens"u8) || reader.ValueTextEquals("max_tokens"u8)
                    || (kind == RequestKind.Responses && reader.ValueTextEquals("max_output_tokens"u8));
                reader.Read();
                if (isMaxTokens && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var limit))
                {
                    maxTokens = limit;
                }

                reader.Skip();
            }
        }

        // Reading on to the end rejects trailing garbage after the root object.
        while (reader.Read())
        {
        }

        if (string.IsNullOrEmpty(model))
        {
            error = model is null ? GatewayErrors.MissingParameter("model") : GatewayErrors.InvalidValue("model", "must not be empty.");
            return null;
        }

        if (!sawContent && kind != RequestKind.Responses)
        {
            error = GatewayErrors.MissingParameter(FieldsRead(kind)[ContentField]);
            return null;
        }

        return new ChatRequest
        {
            Body = body,
            Model = model,
            Stream = stream,
            ClientWantsUsage = stream && wantsUsage,
            RootStart = rootStart,
            ModelValue = modelValue,
            StreamOptionsValue = streamOptions,
            Models = models,
            ModelsProperty = modelsProperty,
            MaxTokens = maxTokens,
        };
    }

    /// <summary>The request's content: <c>messages</c> for chat, <c>prompt</c> for a legacy completion.</summary>
    private const int ModelField = 0, ContentField = 1, StreamField = 2, StreamOptionsField = 3, ModelsField = 4;
    private static readonly string[] ChatFieldsRead = ["model", "messages", "stream", "stream_options", "models"];
    private static readonly string[] CompletionFieldsRead = ["model", "prompt", "stream", "stream_options", "models"];
    private static readonly string[] ResponsesFieldsRead = ["model", "input", "stream", "stream_options", "models"];

    private static string[] FieldsRead(RequestKind kind) => kind switch
    {
        RequestKind.Chat => ChatFieldsRead,
        RequestKind.Completion => CompletionFieldsRead,
        _ => ResponsesFieldsRead,
    };

    /// <summary>The index in <see cref="FieldsRead"/> of the property name under the reader, or -1.</summary>
    private static int FieldRead(ref Utf8JsonReader reader, RequestKind kind) =>
        reader.ValueTextEquals("model"u8) ? ModelField
        : reader.ValueTextEquals(kind switch { RequestKind.Chat => "messages"u8, RequestKind.Completion => "prompt"u8, _ => "input"u8 }) ? ContentField
        : reader.ValueTextEquals("stream"u8) ? StreamField
        : reader.ValueTextEquals("stream_options"u8) ? StreamOptionsField
        : reader.ValueTextEquals("models"u8) ? ModelsField
        : -1;

    private static List<string>? ReadModels(ref Utf8JsonReader reader, out GatewayError? error)
    {
        error = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = GatewayErrors.InvalidType("models", "an array of model names");
            return null;
        }

        var models = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } name)
            {
                error = GatewayErrors.InvalidType($"models[{models.Count}]", "a model name");
                return null;
            }

            models.Add(name);
        }

        return models;
    }

    /// <summary>
    /// Extends a property's bytes to take one comma with it (the one after it, or the one before it when it is the
    /// last property), so removing the range leaves valid JSON.
    /// </summary>
    private static Range WithOneComma(ReadOnlySpan<byte> body, int start, int end)
    {
        var after = end;
        while (after < body.Length && IsJsonWhitespace(body[after]))
        {
            after++;
        }

        if (after < body.Length && body[after] == (byte)',')
        {
            return start..(after + 1);
        }

        var before = start - 1;
        while (before >= 0 && IsJsonWhitespace(body[before]))
        {
            before--;
        }

        return (before >= 0 && body[before] == (byte)',' ? before : start)..end;
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool ReadIncludeUsage(ref Utf8JsonReader reader, out GatewayError? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = GatewayErrors.InvalidType("stream_options", "an object");
            return false;
        }

        var includeUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    error = GatewayErrors.InvalidType("stream_options.include_usage", "a boolean");
                    return false;
                }

                includeUsage = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Skip();
            }
        }

        return includeUsage;
    }
}
