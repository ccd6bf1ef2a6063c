using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using ModelGate.Core.Routing;

namespace ModelGate.Server.Tokens;

/// <summary>
/// Counts the input tokens of a Messages API request for <c>POST /v1/messages/count_tokens</c>: the text of
/// <c>system</c>, of every message (text, thinking, tool inputs and results) and of the tool definitions (name,
/// description, input schema as JSON), with OpenAI's <c>o200k_base</c> encoding. Claude's tokenizer is not public,
/// so for every model this is an estimate, typically within a few percent of Anthropic's count for prose and code.
/// </summary>
/// <remarks>
/// Images count as Anthropic documents them, width × height / 750 after scaling to fit 1568 px on the long edge
/// (read from PNG and GIF headers; other images and URLs count as the largest, 1,600); PDFs as their decoded size / 4.
/// Signatures, ids, media types and <c>cache_control</c> are not counted.
/// </remarks>
public static class MessagesTokenCounter
{
    private const int MaxImageTokens = TokenEstimate.EmbeddedFileTokens;
    private const int MaxImageEdge = 1568;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Lazy<Tokenizer> Encoding = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>The request's input tokens; <paramref name="request"/> is a Messages request already checked by the translator.</summary>
    public static int Count(JsonElement request)
    {
        var tokens = 0;
        if (request.TryGetProperty("system", out var system))
        {
            tokens += Content(system);
        }

        if (request.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                tokens += message.TryGetProperty("content", out var content) ? Content(content) : 0;
            }
        }

        if (request.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                tokens += Text(tool, "name") + Text(tool, "description") + Json(tool, "input_schema");
            }
        }

        return tokens;
    }

    /// <summary>A string, or an array of content blocks.</summary>
    private static int Content(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => Tokens(content.GetString()),
        JsonValueKind.Array => content.EnumerateArray().Sum(Block),
        _ => 0,
    };

    private static int Block(JsonElement block)
    {
        var type = block.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return type switch
        {
            "text" => Text(block, "text"),
            "thinking" => Text(block, "thinking"),
            "tool_use" => Text(block, "name") + Json(block, "input"),
            "tool_result" => block.TryGetProperty("content", out var content) ? Content(content) : 0,
            "image" => Image(block),
            "document" => Document(block),
            _ => 0,
        };
    }

    private static int Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? Tokens(value.GetString()) : 0;

    private static int Json(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? Tokens(value.GetRawText()) : 0;

    private static int Tokens(string? text) => string.IsNullOrEmpty(text) ? 0 : Encoding.Value.CountTokens(text);

    private static int Image(JsonElement block)
    {
        if (Base64Data(block) is not { } data)
        {
            return MaxImageTokens;
        }

        Span<byte> head = stackalloc byte[33];
        if (!Convert.TryFromBase64String(data[..Math.Min(data.Length, 44)], head, out var read)
            || Dimensions(head[..read]) is not var (width, height) || width <= 0 || height <= 0)
        {
            return MaxImageTokens;
        }

        var scale = Math.Min(1.0, (double)MaxImageEdge / Math.Max(width, height));
        return Math.Clamp((int)Math.Ceiling(width * scale * (height * scale) / 750), 1, MaxImageTokens);
    }

    /// <summary>Width and height from a PNG (IHDR) or GIF (logical screen) header; null for other formats.</summary>
    private static (long Width, long Height)? Dimensions(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 24 && head.StartsWith(PngSignature))
        {
            return (BinaryPrimitives.ReadUInt32BigEndian(head[16..]), BinaryPrimitives.ReadUInt32BigEndian(head[20..]));
        }

        if (head.Length >= 10 && head.StartsWith("GIF8"u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), BinaryPrimitives.ReadUInt16LittleEndian(head[8..]));
        }

        return null;
    }

    private static int Document(JsonElement block) =>
        Base64Data(block) is { } data ? Math.Max(1, data.Length * 3 / 4 / 4) : MaxImageTokens;

    private static string? Base64Data(JsonElement block) =>
        block.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object
        && source.TryGetProperty("type", out var type) && type.ValueEquals("base64"u8)
        && source.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
            ? data.GetString()
            : null;
}
