using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGate.Server.Endpoints;

/// <summary>
/// A <c>count_tokens</c> body is a Messages request without <c>max_tokens</c>. To check it exactly as
/// <c>/v1/messages</c> checks its requests (every bad field named the same way), the translator is given the body
/// with <c>"max_tokens":1</c> added at the front when the client did not send one.
/// </summary>
internal static class CountTokensRequest
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> body) => body.Span.StartsWith(Bom) ? body[3..] : body;

    /// <summary>The body with a placeholder <c>max_tokens</c>; unchanged when it is not a non-empty JSON object or has one.</summary>
    public static ReadOnlyMemory<byte> WithMaxTokens(ReadOnlyMemory<byte> body)
    {
        body = WithoutBom(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.EnumerateObject().Any() || root.TryGetProperty("max_tokens", out _))
            {
                return body;
            }
        }
        catch (JsonException)
        {
            return body; // the translator says what is wrong with it
        }

        var open = body.Span.IndexOf((byte)'{');
        var placeholder = "\"max_tokens\":1,"u8;
        var spliced = new byte[body.Length + placeholder.Length];
        body.Span[..(open + 1)].CopyTo(spliced);
        placeholder.CopyTo(spliced.AsSpan(open + 1));
        body.Span[(open + 1)..].CopyTo(spliced.AsSpan(open + 1 + placeholder.Length));
        return spliced;
    }
}

internal sealed record CountTokensResponse([property: JsonPropertyName("input_tokens")] int InputTokens);

[JsonSerializable(typeof(CountTokensResponse))]
internal sealed partial class CountTokensJson : JsonSerializerContext;
