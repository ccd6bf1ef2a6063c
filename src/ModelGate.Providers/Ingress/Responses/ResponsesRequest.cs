using System.Text.Json;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// A <c>POST /v1/responses</c> body, checked and read. Fields the response object echoes are kept as the client
/// sent them (<see cref="JsonElement"/>s stay valid after the body is gone). <see cref="Store"/>,
/// <see cref="PreviousResponseId"/>, <see cref="Truncation"/> and <see cref="Include"/> are the caller's to act on.
/// </summary>
public sealed record ResponsesRequest
{
    public required string Model { get; init; }

    /// <summary>The input as items; a plain string input becomes one user message item.</summary>
    public required IReadOnlyList<JsonElement> Input { get; init; }

    public string? Instructions { get; init; }

    /// <summary>Function tools in the Responses (flat) shape; other tool types are refused when reading.</summary>
    public IReadOnlyList<JsonElement> Tools { get; init; } = [];

    /// <summary><c>none</c>, <c>auto</c>, <c>required</c> or <c>{"type":"function","name"}</c>; null when not sent.</summary>
    public JsonElement? ToolChoice { get; init; }

    public bool? ParallelToolCalls { get; init; }

    /// <summary>The <c>text</c> object (<c>format</c>, <c>verbosity</c>) as sent.</summary>
    public JsonElement? Text { get; init; }

    /// <summary>The <c>reasoning</c> object (<c>effort</c>, <c>summary</c>) as sent.</summary>
    public JsonElement? Reasoning { get; init; }

    public string? ReasoningEffort { get; init; }
    public int? MaxOutputTokens { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public string? User { get; init; }

    /// <summary>Kept for the stored response; never sent upstream.</summary>
    public JsonElement? Metadata { get; init; }

    public bool Stream { get; init; }

    /// <summary>Whether to keep the response for later <c>previous_response_id</c> use (default true).</summary>
    public bool Store { get; init; } = true;

    public string? PreviousResponseId { get; init; }

    /// <summary><c>auto</c> or <c>disabled</c> (the default).</summary>
    public string Truncation { get; init; } = "disabled";

    /// <summary>The <c>include</c> values, e.g. <c>reasoning.encrypted_content</c>.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>OpenAI's cache-routing hint; kept, not sent to other providers.</summary>
    public string? PromptCacheKey { get; init; }

    public string? SafetyIdentifier { get; init; }
}
