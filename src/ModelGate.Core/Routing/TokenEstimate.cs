using ModelGate.Core.Configuration;

namespace ModelGate.Core.Routing;

/// <summary>A rough size of one request, enough to rank deployments by price before any tokenizer runs.</summary>
public readonly record struct TokenEstimate(long Input, long Output)
{
    /// <summary>Output assumed when the request sets no limit.</summary>
    public const int DefaultOutput = 500;

    /// <summary>About four bytes of JSON per token; the output is the request's limit, or <see cref="DefaultOutput"/>.</summary>
    public static TokenEstimate For(int bodyBytes, int? maxTokens) => new(bodyBytes / 4, Math.Min(maxTokens ?? DefaultOutput, DefaultOutput * 8));

    /// <summary>Input and output together, as a tokens-per-minute limit counts them.</summary>
    public long Total => Input + Output;

    /// <summary>The estimated cost in USD at <paramref name="price"/>.</summary>
    public decimal CostAt(DeploymentPrice price) => (Input * price.InputPerMillion + Output * price.OutputPerMillion) / 1_000_000m;
}
