using System.Text.Json;
using ModelGate.Providers.Gemini.Wire;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// OpenAI media parts as Gemini parts: base64 data URLs become <c>inlineData</c>, URLs Gemini can fetch
/// (http, https, and gs:// on Vertex) become <c>fileData</c> with a MIME type guessed from the extension.
/// Null means the part has no Gemini form.
/// </summary>
internal static class GeminiMedia
{
    private const string DefaultImageType = "image/jpeg";

    private static readonly Dictionary<string, string> TypesByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
        [".gif"] = "image/gif",
        [".heic"] = "image/heic",
        [".heif"] = "image/heif",
        [".pdf"] = "application/pdf",
    };

    public static GeminiPart? FromUrl(string url)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return FromDataUrl(url);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "gs"))
        {
            return null;
        }

        var type = TypesByExtension.GetValueOrDefault(Path.GetExtension(uri.AbsolutePath), DefaultImageType);
        return new GeminiPart { FileData = new GeminiFileData { MimeType = type, FileUri = url } };
    }

    /// <summary>OpenAI's <c>input_audio</c>: base64 <c>data</c> in a <c>format</c> such as wav or mp3.</summary>
    public static GeminiPart? FromAudio(JsonElement? audio) =>
        audio is { ValueKind: JsonValueKind.Object } a
            && a.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
            && a.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
            ? new GeminiPart { InlineData = new GeminiBlob { MimeType = $"audio/{format.GetString()}", Data = data.GetString()! } }
            : null;

    /// <summary>OpenAI's <c>file</c> part with inline <c>file_data</c> (a data URL); uploaded <c>file_id</c>s have no Gemini form.</summary>
    public static GeminiPart? FromFile(JsonElement? file) =>
        file is { ValueKind: JsonValueKind.Object } f
            && f.TryGetProperty("file_data", out var data) && data.ValueKind == JsonValueKind.String
            ? FromDataUrl(data.GetString()!)
            : null;

    private static GeminiPart? FromDataUrl(string url)
    {
        // data:<mime>;base64,<data>
        var comma = url.IndexOf(',');
        var header = comma > 5 ? url[5..comma] : "";
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var type = header[..^";base64".Length];
        return new GeminiPart { InlineData = new GeminiBlob { MimeType = type.Length > 0 ? type : DefaultImageType, Data = url[(comma + 1)..] } };
    }
}
