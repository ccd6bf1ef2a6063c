using System.Text.Json;

namespace ModelGate.Core.Routing;

/// <summary>
/// Finds the base64 files a request carries inline: data URLs (OpenAI's <c>image_url</c>, Responses'
/// <c>input_image</c> and <c>file_data</c>) and the <c>data</c> of Anthropic's base64 sources and OpenAI's
/// <c>input_audio</c>. Their bytes say nothing of their tokens (a 1 MB image is about a thousand), so
/// <see cref="TokenEstimate"/> counts them apart.
/// </summary>
internal static class EmbeddedFiles
{
    /// <summary>Strings shorter than this are text, whatever they are called.</summary>
    private const int MinimumLength = 256;

    /// <summary>The files' count and the bytes they take in the body; none when the body has no sign of one.</summary>
    public static (int Count, int Bytes) Measure(ReadOnlySpan<byte> body)
    {
        // A plain text request, the usual case, is settled by two vectorised searches and never parsed.
        if (body.Length < MinimumLength || (body.IndexOf("data:"u8) < 0 && body.IndexOf("\"data\""u8) < 0))
        {
            return (0, 0);
        }

        try
        {
            return Walk(body);
        }
        catch (JsonException)
        {
            return (0, 0); // the endpoint validated the body; nothing to discount in one it could not read
        }
    }

    private static (int Count, int Bytes) Walk(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var (count, bytes, underData) = (0, 0, false);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                underData = reader.ValueTextEquals("data"u8);
                continue;
            }

            if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length >= MinimumLength
                && (reader.ValueSpan.StartsWith("data:"u8) || (underData && IsBase64Like(reader.ValueSpan))))
            {
                count++;
                bytes += reader.ValueSpan.Length;
            }

            underData = false;
        }

        return (count, bytes);
    }

    /// <summary>Base64 has no spaces; the <c>data</c> of a plain-text document source has them, and is text.</summary>
    private static bool IsBase64Like(ReadOnlySpan<byte> value) => value.IndexOf((byte)' ') < 0;
}
