using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Core.Requests;

/// <summary>
/// Validates an OpenAI embeddings body in one forward pass (no DOM): <c>model</c>, <c>input</c> (a string, an
/// array of strings, an array of token ids or an array of such arrays), <c>encoding_format</c>, <c>dimensions</c>
/// and <c>user</c>. Bad input is a 400 naming the field, never an exception.
/// </summary>
public static class EmbeddingsRequestParser
{
    private const string InputShape = "a string, an array of strings, an array of token ids or an array of token id arrays";

    public static EmbeddingsRequest? Parse(ReadOnlyMemory<byte> body, out GatewayError? error)
    {
        try
        {
            return ParseCore(body, out error);
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split([" LineNumber:", " Path:"], StringSplitOptions.None)[0].TrimEnd('.', ' ');
            error = GatewayErrors.InvalidJson($"{reason} (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on a string that is not valid UTF-16 once decoded (a lone surrogate escape).
            error = GatewayErrors.InvalidJson("a string the gateway reads is not valid UTF-8.");
            return null;
        }
    }

    private static EmbeddingsRequest? ParseCore(ReadOnlyMemory<byte> body, out GatewayError? error)
    {
        error = null;
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
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

        string? model = null;
        Range modelValue = default;
        Inputs? inputs = null;
        var encoding = EmbeddingsEncoding.Float;
        int? dimensions = null;
        string? user = null;
        var others = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name) && Known.Contains(name))
            {
                // Providers differ on which duplicate wins; a field the gateway reads must mean one thing.
                error = GatewayErrors.InvalidValue(name, "the field appears more than once.");
                return null;
            }

            reader.Read();
            switch (name)
            {
                case "model":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = GatewayErrors.InvalidType("model", "a string");
                        return null;
                    }

                    model = reader.GetString();
                    modelValue = (int)reader.TokenStartIndex..(int)reader.BytesConsumed;
                    break;
                case "input":
                    inputs = ReadInput(ref reader, out error);
                    if (error is not null)
                    {
                        return null;
                    }

                    break;
                case "encoding_format":
                    encoding = reader.TokenType switch
                    {
                        JsonTokenType.Null => EmbeddingsEncoding.Float,
                        JsonTokenType.String when reader.ValueTextEquals("float"u8) => EmbeddingsEncoding.Float,
                        JsonTokenType.String when reader.ValueTextEquals("base64"u8) => EmbeddingsEncoding.Base64,
                        _ => (EmbeddingsEncoding)(-1),
                    };
                    if (!Enum.IsDefined(encoding))
                    {
                        error = GatewayErrors.InvalidValue("encoding_format", "must be 'float' or 'base64'.");
                        return null;
                    }

                    break;
                case "dimensions":
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
                    {
                        error = GatewayErrors.InvalidType("dimensions", "an integer");
                        return null;
                    }

                    if (value < 1)
                    {
                        error = GatewayErrors.InvalidValue("dimensions", "must be at least 1.");
                        return null;
                    }

                    dimensions = value;
                    break;
                case "user":
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        error = GatewayErrors.InvalidType("user", "a string");
                        return null;
                    }

                    user = reader.GetString();
                    break;
                default:
                    others.Add(name);
                    reader.Skip();
                    break;
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

        if (inputs is null)
        {
            error = GatewayErrors.MissingParameter("input");
            return null;
        }

        return new EmbeddingsRequest
        {
            Body = body,
            Model = model,
            Texts = inputs.Texts,
            Tokens = inputs.Tokens,
            Encoding = encoding,
            Dimensions = dimensions,
            User = user,
            OtherFields = others,
            ModelValue = modelValue,
        };
    }

    private static readonly HashSet<string> Known = ["model", "input", "encoding_format", "dimensions", "user"];

    private sealed record Inputs(List<string>? Texts, List<IReadOnlyList<int>>? Tokens);

    /// <summary>Reads <c>input</c> in any of its four forms; the reader ends on the value's last token.</summary>
    private static Inputs? ReadInput(ref Utf8JsonReader reader, out GatewayError? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (text.Length == 0)
            {
                error = GatewayErrors.InvalidValue("input", "must not be an empty string.");
                return null;
            }

            return new Inputs([text], null);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = GatewayErrors.InvalidType("input", InputShape);
            return null;
        }

        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.EndArray:
                error = GatewayErrors.InvalidValue("input", "the array must hold at least one input.");
                return null;
            case JsonTokenType.Number:
                var ids = ReadTokenIds(ref reader, "input", out error);
                return ids is null ? null : new Inputs(null, [ids]);
            case JsonTokenType.String:
                var texts = new List<string>();
                do
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = GatewayErrors.InvalidType($"input[{texts.Count}]", "a string, like the other inputs");
                        return null;
                    }

                    var text = reader.GetString()!;
                    if (text.Length == 0)
                    {
                        error = GatewayErrors.InvalidValue($"input[{texts.Count}]", "must not be an empty string.");
                        return null;
                    }

                    texts.Add(text);
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

                return new Inputs(texts, null);
            case JsonTokenType.StartArray:
                var lists = new List<IReadOnlyList<int>>();
                do
                {
                    var path = $"input[{lists.Count}]";
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        error = GatewayErrors.InvalidType(path, "an array of token ids, like the other inputs");
                        return null;
                    }

                    reader.Read();
                    var list = reader.TokenType == JsonTokenType.EndArray ? null : ReadTokenIds(ref reader, path, out error);
                    if (list is null)
                    {
                        error ??= GatewayErrors.InvalidValue(path, "the array must hold at least one token id.");
                        return null;
                    }

                    lists.Add(list);
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

                return new Inputs(null, lists);
            default:
                error = GatewayErrors.InvalidType("input", InputShape);
                return null;
        }
    }

    /// <summary>From the first element of an array of ids to its end.</summary>
    private static List<int>? ReadTokenIds(ref Utf8JsonReader reader, string path, out GatewayError? error)
    {
        error = null;
        var ids = new List<int>();
        do
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var id) || id < 0)
            {
                error = GatewayErrors.InvalidType($"{path}[{ids.Count}]", "a token id (a non-negative integer)");
                return null;
            }

            ids.Add(id);
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return ids;
    }
}
