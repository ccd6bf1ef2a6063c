namespace ModelGate.Core.Requests;

/// <summary>
/// A chat completion request parsed once: the original bytes plus the few facts the gateway needs and where
/// they sit in the bytes, so the pass-through path can rewrite them without re-serialising the body.
/// </summary>
public sealed class ChatRequest
{
    public required ReadOnlyMemory<byte> Body { get; init; }

    public required string Model { get; init; }

    public required bool Stream { get; init; }

    /// <summary>The client asked for the final usage chunk (<c>stream_options.include_usage: true</c>).</summary>
    public required bool ClientWantsUsage { get; init; }

    /// <summary>Offset just past the root object's <c>{</c>.</summary>
    internal int RootStart { get; init; }

    /// <summary>The bytes of the <c>model</c> value, quotes included.</summary>
    internal Range ModelValue { get; init; }

    /// <summary>The bytes of the <c>stream_options</c> value, when present.</summary>
    internal Range? StreamOptionsValue { get; init; }

    /// <summary>The output limit the request sets (<c>max_completion_tokens</c> or <c>max_tokens</c>), if any.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The per-request fallback list (<c>models</c>, as OpenRouter takes it); null when absent.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>The bytes of the whole <c>models</c> property and one comma next to it, removed before forwarding.</summary>
    internal Range? ModelsProperty { get; init; }
}
