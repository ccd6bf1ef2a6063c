using ModelGate.Core.Providers;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Mistral;

/// <summary>
/// Reads Mistral's error bodies: <c>{"object":"error","message":…,"type":…,"param":…,"code":…}</c>, where
/// <c>message</c> is an object for validation errors (422), or a bare <c>{"message":…}</c> from the edge
/// (e.g. 429). A 503 means Mistral is out of capacity: overloaded.
/// </summary>
public static class MistralErrorReader
{
    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrorPolicy.Classify(provider, status, OpenAiErrorMapper.Read(body) is { } error ? error with { Overloaded = status == 503 } : null, body, retryAfter);
}
