using System.Text.Json;

namespace ModelGate.Core.Requests;

/// <summary>How the client wants each vector: JSON numbers, or little-endian float32 bytes in base64 (as OpenAI sends them).</summary>
public enum EmbeddingsEncoding
{
    Float,
    Base64,
}

/// <summary>
/// An OpenAI embeddings request parsed once: the original bytes (for pass-through), the inputs, and the options
/// a translating provider maps. Exactly one of <see cref="Texts"/> and <see cref="Tokens"/> is set.
/// </summary>
public sealed class EmbeddingsRequest
{
    public required ReadOnlyMemory<byte> Body { get; init; }

    public required string Model { get; init; }

    /// <summary>The inputs given as text (a single string becomes a list of one).</summary>
    public IReadOnlyList<string>? Texts { get; init; }

    /// <summary>The inputs given as token ids (a single array of ids becomes a list of one).</summary>
    public IReadOnlyList<IReadOnlyList<int>>? Tokens { get; init; }

    /// <summary>How many inputs there are, whichever form they came in.</summary>
    public int Count => Texts?.Count ?? Tokens!.Count;

    public EmbeddingsEncoding Encoding { get; init; }

    public int? Dimensions { get; init; }

    public string? User { get; init; }

    /// <summary>Top-level fields the gateway does not know, in body order; pass-through forwards them, translators refuse them.</summary>
    public IReadOnlyList<string> OtherFields { get; init; } = [];

    /// <summary>The bytes of the <c>model</c> value, quotes included.</summary>
    internal Range ModelValue { get; init; }

    /// <summary>The client's bytes with only the <c>model</c> value replaced; everything else stays byte for byte.</summary>
    public ReadOnlyMemory<byte> WithModel(string upstreamModel)
    {
        var body = Body.Span;
        var modelBytes = JsonSerializer.SerializeToUtf8Bytes(upstreamModel);
        if (body[ModelValue].SequenceEqual(modelBytes))
        {
            return Body;
        }

        var (start, end) = (ModelValue.Start.Value, ModelValue.End.Value);
        var result = new byte[body.Length - (end - start) + modelBytes.Length];
        body[..start].CopyTo(result);
        modelBytes.CopyTo(result.AsSpan(start));
        body[end..].CopyTo(result.AsSpan(start + modelBytes.Length));
        return result;
    }
}
