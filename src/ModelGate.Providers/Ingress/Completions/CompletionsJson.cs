using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGate.Providers.Ingress.Completions;

/// <summary>The JSON settings the completions translators share.</summary>
internal static class CompletionsJson
{
    /// <summary>Compact, and no HTML escaping, so text reaches the other side as it was written.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };
}
