using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance;

/// <summary>
/// One provider's wire format, for the conformance suite: how its API answers (written from the provider's
/// documentation) and what the gateway must have sent it. One implementation per provider API.
/// </summary>
public interface IProviderFake
{
    /// <summary>The <c>providers:</c> entry body (YAML, indented by the caller) for a provider at <paramref name="root"/>.</summary>
    string ProviderYaml(string root);

    /// <summary>The model name the deployment sends to the provider.</summary>
    string UpstreamModel { get; }

    Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage);

    Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage);

    Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson);

    Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces);

    /// <summary>The provider's own error response for a rate limit (429 or its equivalent).</summary>
    Task WriteRateLimitAsync(HttpContext context, string message);

    /// <summary>The provider's own error response for a request it rejects (400).</summary>
    Task WriteBadRequestAsync(HttpContext context, string message);

    /// <summary>Checks the translated request: model, system prompt, user text, sampling and token limit.</summary>
    void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens);

    /// <summary>Checks the streaming request reached the provider's streaming form.</summary>
    void AssertStreamRequest(RecordedRequest request);

    /// <summary>Checks a function tool named <paramref name="name"/> with a required string property <c>city</c> was sent.</summary>
    void AssertToolSent(RecordedRequest request, string name);

    /// <summary>Checks the tool result of <paramref name="callId"/> with <paramref name="result"/> was sent back.</summary>
    void AssertToolResultSent(RecordedRequest request, string callId, string result);

    /// <summary>Checks an image given as a data URL was sent as base64 image data of type PNG.</summary>
    void AssertImageSent(RecordedRequest request, string base64Png);

    /// <summary>Checks a strict JSON schema named <paramref name="name"/> was mapped to the provider's structured output.</summary>
    void AssertJsonSchemaSent(RecordedRequest request, string name);
}

public sealed record ConformanceUsage(int Input, int Output, int CachedInput = 0);
