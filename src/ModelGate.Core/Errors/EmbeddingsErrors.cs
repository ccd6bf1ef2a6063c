namespace ModelGate.Core.Errors;

/// <summary>The errors only <c>/v1/embeddings</c> raises; each code is documented in docs/errors.md.</summary>
public static class EmbeddingsErrors
{
    public const string EmbeddingsNotSupported = "embeddings_not_supported";

    public static GatewayError NotSupported(string model, IEnumerable<string> providers) =>
        new(400, ErrorTypes.InvalidRequest, EmbeddingsNotSupported,
            $"The model '{model}' cannot create embeddings: its deployments are on providers without an embeddings API ({string.Join(", ", providers)}).",
            "model");
}
