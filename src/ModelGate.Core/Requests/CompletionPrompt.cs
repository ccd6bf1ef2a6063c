using System.Text.Json;

namespace ModelGate.Core.Requests;

/// <summary>
/// The shapes OpenAI's <c>CreateCompletionRequest.prompt</c> takes: a string, an array of strings, an array of
/// tokens, an array of token arrays, or null (the model's document separator).
/// </summary>
internal static class CompletionPrompt
{
    /// <summary>Reads the value under the reader (leaving it on the value's last token); false when it has no such shape.</summary>
    public static bool IsWellFormed(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var wellFormed = true;
        JsonTokenType? kind = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var element = reader.TokenType;
            wellFormed &= (kind ?? element) == element && element switch
            {
                JsonTokenType.String or JsonTokenType.Number => true,
                JsonTokenType.StartArray => IsTokenArray(ref reader),
                _ => false,
            };
            kind = element;
            if (reader.TokenType is JsonTokenType.StartObject)
            {
                reader.Skip();
            }
        }

        return wellFormed;
    }

    /// <summary>Reads one nested array; true when it holds only numbers.</summary>
    private static bool IsTokenArray(ref Utf8JsonReader reader)
    {
        var numbers = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            numbers &= reader.TokenType == JsonTokenType.Number;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return numbers;
    }
}
