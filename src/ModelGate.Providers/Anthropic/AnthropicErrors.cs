using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// Reads Anthropic error bodies (<c>{"type":"error","error":{"type":...,"message":...}}</c>), from an HTTP
/// answer or a stream's <c>error</c> event; what the client then sees is decided by <see cref="UpstreamErrorPolicy"/>.
/// </summary>
public static class AnthropicErrors
{
    private const string Overloaded = "overloaded_error";

    public static ChatFailed Map(string provider, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        UpstreamErrorPolicy.Classify(provider, status, Read(status, body), body, retryAfter);

    /// <summary>An error sent inside a 200 stream or body: classified as the HTTP status Anthropic gives that error type.</summary>
    public static GatewayError InBand(string provider, AnthropicErrorDetail? error)
    {
        var status = StatusOf(error?.Type);
        var read = new ProviderError(error?.Message ?? "(no message)", OpenAiType(error?.Type), error?.Type, null, error?.Type == Overloaded);
        return UpstreamErrorPolicy.Classify(provider, status, read, [], null).Error;
    }

    /// <summary>The HTTP status Anthropic documents for each error type.</summary>
    public static int StatusOf(string? type) => type switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        Overloaded => 529,
        _ => 500,
    };

    private static ProviderError? Read(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, AnthropicWireContext.Default.AnthropicErrorBody)?.Error;
            return error?.Message is null
                ? null
                : new ProviderError(error.Message, OpenAiType(error.Type), error.Type, null, error.Type == Overloaded || status == 529);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Anthropic's type where OpenAI has the same one; otherwise left to the policy's choice by status.</summary>
    private static string? OpenAiType(string? type) => type is "invalid_request_error" or "rate_limit_error" ? type : null;
}
