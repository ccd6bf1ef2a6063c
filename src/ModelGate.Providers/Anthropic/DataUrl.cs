namespace ModelGate.Providers.Anthropic;

/// <summary>Reads <c>data:&lt;media type&gt;;base64,&lt;data&gt;</c> URLs, the way OpenAI clients send inline images and files.</summary>
internal static class DataUrl
{
    public static bool TryParse(string? url, out string mediaType, out string data)
    {
        (mediaType, data) = ("", "");
        if (url is null || !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? "" : url[5..comma];
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        (mediaType, data) = (header[..^";base64".Length], url[(comma + 1)..]);
        return mediaType.Length > 0;
    }
}
