using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing;

/// <summary>A rough size of one request, enough to rank deployments by price before any tokenizer runs.</summary>
public readonly record struct TokenEstimate(long Input, long Output)
{
    /// <summary>Output assumed when the request sets no limit.</summary>
    public const int DefaultOutput = 500;

    /// <summary>
    /// Input assumed for each file sent inline (an image, audio, a PDF): the most Anthropic counts for one image, which
    /// <c>count_tokens</c> also uses as its cap.
    /// </summary>
    public const int EmbeddedFileTokens = 1600;

    /// <summary>
    /// About four bytes of JSON per token, plus <see cref="EmbeddedFileTokens"/> for each inline base64 file in place
    /// of its bytes; the output is the request's limit, or <see cref="DefaultOutput"/>.
    /// </summary>
    public static TokenEstimate For(ReadOnlySpan<byte> body, int? maxTokens)
    {
        var files = EmbeddedFiles.Measure(body);
        var input = (body.Length - files.Bytes) / 4 + (long)files.Count * EmbeddedFileTokens;
        return new(input, Math.Min(maxTokens ?? DefaultOutput, DefaultOutput * 8));
    }

    /// <summary>Input and output together, as a tokens-per-minute limit counts them.</summary>
    public long Total => Input + Output;

    /// <summary>The estimated cost in USD at <paramref name="price"/>.</summary>
    public decimal CostAt(DeploymentPrice price) => (Input * price.InputPerMillion + Output * price.OutputPerMillion) / 1_000_000m;
}
