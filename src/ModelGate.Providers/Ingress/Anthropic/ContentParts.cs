using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Writes the Anthropic blocks a user can send (text, image, document) as OpenAI content parts:
/// <c>text</c>, <c>image_url</c> with a URL or a base64 data URL, and <c>file</c> with <c>file_data</c>.
/// <c>cache_control</c> is kept on each part.
/// </summary>
internal static class ContentParts
{
    internal static readonly HashSet<string> TextFields = ["type", "text", "cache_control", "citations"];
    private static readonly HashSet<string> MediaFields = ["type", "source", "cache_control"];
    private static readonly HashSet<string> DocumentFields = ["type", "source", "cache_control", "title", "context", "citations"];
    private static readonly HashSet<string> Base64SourceFields = ["type", "media_type", "data"];
    private static readonly HashSet<string> UrlSourceFields = ["type", "url"];

    /// <summary>True for the block types <see cref="Write"/> takes.</summary>
    public static bool IsPart(string type) => type is "text" or "image" or "document";

    public static GatewayError? Write(JsonElement block, string type, string path, Utf8JsonWriter json) => type switch
    {
        "text" => WriteText(block, path, json),
        "image" => WriteImage(block, path, json),
        "document" => WriteDocument(block, path, json),
        _ => MessagesErrors.Unsupported($"{path}.type", $"'{type}' blocks cannot be sent here."),
    };

    /// <summary>A text block's <c>citations</c> only describe where an earlier answer came from, so they are left out.</summary>
    public static GatewayError? WriteText(JsonElement block, string path, Utf8JsonWriter json)
    {
        if (RequestFields.OnlyKnown(block, path, TextFields) is { } unknown)
        {
            return unknown;
        }

        if (RequestFields.RequiredString(block, "text", path, out var text) is { } error)
        {
            return error;
        }

        json.WriteStartObject();
        json.WriteString("type", "text");
        json.WriteString("text", text);
        var cacheError = RequestFields.CopyCacheControl(block, path, json);
        json.WriteEndObject();
        return cacheError;
    }

    private static GatewayError? WriteImage(JsonElement block, string path, Utf8JsonWriter json)
    {
        if (RequestFields.OnlyKnown(block, path, MediaFields) is { } unknown)
        {
            return unknown;
        }

        if (Source(block, path, out var source, out var sourceType) is { } error)
        {
            return error;
        }

        string url;
        switch (sourceType)
        {
            case "base64":
                if (DataUrl(source, $"{path}.source", out url) is { } base64Error)
                {
                    return base64Error;
                }

                break;
            case "url":
                if (RequestFields.OnlyKnown(source, $"{path}.source", UrlSourceFields) is { } unknownSource)
                {
                    return unknownSource;
                }

                if (RequestFields.RequiredString(source, "url", $"{path}.source", out url) is { } urlError)
                {
                    return urlError;
                }

                break;
            case "file":
                return MessagesErrors.Unsupported($"{path}.source.type", "file sources (Files API ids) cannot be passed on; send the image as base64 or a URL.");
            default:
                return GatewayErrors.InvalidValue($"{path}.source.type", $"'{sourceType}' is not one of base64, url, file.");
        }

        json.WriteStartObject();
        json.WriteString("type", "image_url");
        json.WriteStartObject("image_url");
        json.WriteString("url", url);
        json.WriteEndObject();
        var cacheError = RequestFields.CopyCacheControl(block, path, json);
        json.WriteEndObject();
        return cacheError;
    }

    /// <summary>Only base64 documents (PDFs) have an OpenAI form: a <c>file</c> part with a data URL.</summary>
    private static GatewayError? WriteDocument(JsonElement block, string path, Utf8JsonWriter json)
    {
        foreach (var property in block.EnumerateObject())
        {
            if (property.Name is "title" or "context" or "citations" && !RequestFields.IsAbsent(property.Value))
            {
                return MessagesErrors.Unsupported($"{path}.{property.Name}", "documents are passed on as OpenAI file parts, which have no such field.");
            }
        }

        if (RequestFields.OnlyKnown(block, path, DocumentFields) is { } unknown)
        {
            return unknown;
        }

        if (Source(block, path, out var source, out var sourceType) is { } error)
        {
            return error;
        }

        if (sourceType != "base64")
        {
            return MessagesErrors.Unsupported($"{path}.source.type", $"'{sourceType}' document sources cannot be passed on; send the document as base64.");
        }

        if (DataUrl(source, $"{path}.source", out var url) is { } dataError)
        {
            return dataError;
        }

        json.WriteStartObject();
        json.WriteString("type", "file");
        json.WriteStartObject("file");
        json.WriteString("file_data", url);
        json.WriteEndObject();
        var cacheError = RequestFields.CopyCacheControl(block, path, json);
        json.WriteEndObject();
        return cacheError;
    }

    private static GatewayError? Source(JsonElement block, string path, out JsonElement source, out string sourceType)
    {
        sourceType = "";
        if (!block.TryGetProperty("source", out source) || RequestFields.IsAbsent(source))
        {
            return GatewayErrors.MissingParameter($"{path}.source");
        }

        if (RequestFields.Object(source, $"{path}.source") is { } notObject)
        {
            return notObject;
        }

        return RequestFields.RequiredString(source, "type", $"{path}.source", out sourceType);
    }

    private static GatewayError? DataUrl(JsonElement source, string path, out string url)
    {
        url = "";
        if (RequestFields.OnlyKnown(source, path, Base64SourceFields) is { } unknown)
        {
            return unknown;
        }

        if (RequestFields.RequiredString(source, "media_type", path, out var mediaType) is { } missingType)
        {
            return missingType;
        }

        if (RequestFields.RequiredString(source, "data", path, out var data) is { } missingData)
        {
            return missingData;
        }

        url = $"data:{mediaType};base64,{data}";
        return null;
    }
}
