using System.Text.Json;

namespace ModelGate.Core.Usage;

/// <summary>What the gateway learns from an OpenAI chat response body or stream chunk.</summary>
/// <param name="IsUsageOnly">A stream chunk with an empty <c>choices</c> array that only carries usage.</param>
/// <param name="HasError">The body is an <c>{"error": ...}</c> object rather than a completion.</param>
public readonly record struct OpenAiBodyFacts(TokenUsage? Usage, bool IsUsageOnly, bool HasError);

/// <summary>
/// Reads the top level of an OpenAI chat JSON body in one pass. Reading to the end also proves the bytes are
/// well-formed JSON, which is how a garbled upstream body is caught before it reaches a client.
/// </summary>
public static class OpenAiBodyInspector
{
    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static OpenAiBodyFacts Inspect(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected a JSON object");
        }

        TokenUsage? usage = null;
        var emptyChoices = false;
        var hasError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = reader.TokenType == JsonTokenType.StartObject ? ReadUsage(ref reader) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Read();
                    emptyChoices = reader.TokenType == JsonTokenType.EndArray;
                    if (!emptyChoices)
                    {
                        SkipRestOfArray(ref reader);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                hasError |= isError && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String;
                reader.Skip();
            }
        }

        while (reader.Read())
        {
        }

        return new OpenAiBodyFacts(usage, emptyChoices && usage is not null, hasError);
    }

    private static TokenUsage? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static void SkipRestOfArray(ref Utf8JsonReader reader)
    {
        reader.Skip();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
        }
    }

    private static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        int prompt = 0, completion = 0, total = 0, cached = 0, reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                cached = ReadDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reasoning = ReadDetail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TokenUsage(prompt, completion, total == 0 ? prompt + completion : total, cached, reasoning);
    }

    private static int ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> field)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }

        var value = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(field))
            {
                value = ReadInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }

        reader.Skip();
        return 0;
    }
}
