using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Mistral;

/// <summary>
/// The client's OpenAI body as Mistral's chat completions body. Mistral takes the same shape and rejects
/// unknown fields, so only what differs is rewritten: <c>seed</c> → <c>random_seed</c>,
/// <c>max_completion_tokens</c> → <c>max_tokens</c>, <c>tool_choice: "required"</c> → <c>"any"</c>, the
/// <c>developer</c> role → <c>system</c>, and <c>stream_options</c> removed (Mistral always sends usage in the
/// last chunk). Fields Mistral does not have are refused (or dropped) through <see cref="UnsupportedParams"/>.
/// </summary>
public static class OpenAiToMistral
{
    /// <summary>OpenAI fields Mistral takes, and Mistral's own fields a client may send through the gateway.</summary>
    public static readonly HashSet<string> Supported =
    [
        "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "stop", "n", "seed", "presence_penalty", "frequency_penalty", "metadata", "prediction",
        "random_seed", "safe_prompt", "prompt_mode", "prompt_cache_key",
    ];

    private static readonly HashSet<string> AlwaysKept = ["model", "messages", "stream"];

    public static (byte[]? Body, GatewayError? Refusal) Translate(ProviderSettings settings, ChatCall call)
    {
        var request = OpenAiRequestReader.Read(call, out var invalid);
        if (request is null)
        {
            return (null, invalid);
        }

        if (UnsupportedParams.Check(settings, request, Supported) is { } unsupported)
        {
            return (null, unsupported);
        }

        var body = (JsonObject)JsonNode.Parse(call.Request.Body.Span)!;
        foreach (var field in body.Select(pair => pair.Key).Where(name => !AlwaysKept.Contains(name) && !Supported.Contains(name)).ToList())
        {
            body.Remove(field);
        }

        if (call.Request.Stream && request.N > 1)
        {
            if (UnsupportedParams.Refuse(settings, "n", "streaming more than one choice is not supported") is { } refusal)
            {
                return (null, refusal);
            }

            body.Remove("n");
        }

        body["model"] = call.Deployment.Model;
        Rename(body, "seed", "random_seed");
        Rename(body, "max_completion_tokens", "max_tokens");
        if (body["tool_choice"] is JsonValue choice && choice.GetValueKind() == JsonValueKind.String && choice.GetValue<string>() == "required")
        {
            body["tool_choice"] = "any";
        }

        foreach (var message in body["messages"] as JsonArray ?? [])
        {
            if (message is JsonObject { } m && m["role"] is JsonValue role && role.GetValueKind() == JsonValueKind.String && role.GetValue<string>() == "developer")
            {
                m["role"] = "system";
            }
        }

        return (JsonSerializer.SerializeToUtf8Bytes(body, MistralRequestContext.Default.JsonObject), null);
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>; the OpenAI spelling wins when both are set.</summary>
    private static void Rename(JsonObject body, string from, string to)
    {
        if (body.TryGetPropertyValue(from, out var value))
        {
            body.Remove(from);
            if (value is not null)
            {
                body[to] = value;
            }
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class MistralRequestContext : System.Text.Json.Serialization.JsonSerializerContext;
