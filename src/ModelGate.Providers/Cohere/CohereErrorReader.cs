using ModelGate.Core.Providers;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Cohere;

/// <summary>
/// Reads Cohere's error bodies, <c>{"id":…,"message":…}</c> (or just <c>{"message":…}</c>), sent with 400, 401,
/// 402, 404, 429, 499, 500, 503 and others. A 503 means Cohere is overloaded.
/// </summary>
public static class CohereErrorReader
{
    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrorPolicy.Classify(provider, status, OpenAiErrorMapper.Read(body) is { } error ? error with { Overloaded = status == 503 } : null, body, retryAfter);
}
