using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Ingress.Completions;

/// <summary>The OpenAI chat request to send, or the 400 to answer with.</summary>
/// <param name="Body">An OpenAI chat-completions request body.</param>
public readonly record struct CompletionsToChatResult(byte[]? Body, GatewayError? Error);

/// <summary>
/// Maps a legacy completions request (OpenAI's <c>CreateCompletionRequest</c>) onto a chat request for providers
/// without a completions API: the prompt becomes one user message; <c>max_tokens</c>, <c>temperature</c>,
/// <c>top_p</c>, <c>stop</c>, <c>n</c>, <c>seed</c>, <c>user</c>, <c>stream</c>, <c>stream_options</c>, the
/// penalties, <c>logit_bias</c> and unknown fields keep their names, which mean the same in chat (the provider's
/// own translator then decides what it can express). Fields only completions have (<c>suffix</c>, <c>echo</c>,
/// <c>logprobs</c>, <c>best_of</c>) are unsupported parameters unless they ask for nothing. Pure: bytes in, bytes out.
/// </summary>
public static class CompletionsToChat
{
    /// <summary>Completions-only fields, each with the test for a value that asks for nothing (OpenAI's default).</summary>
    private static readonly Dictionary<string, Func<JsonElement, bool>> CompletionsOnly = new(StringComparer.Ordinal)
    {
        ["suffix"] = value => value.ValueKind == JsonValueKind.Null,
        ["echo"] = value => value.ValueKind is JsonValueKind.Null or JsonValueKind.False,
        ["logprobs"] = value => value.ValueKind == JsonValueKind.Null,
        ["best_of"] = value => value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n == 1),
    };

    /// <param name="body">A completions body already validated by <see cref="Core.Requests.CompletionRequestParser"/>.</param>
    /// <param name="settings">The provider the chat request goes to: its name and <c>drop_unsupported_params</c>.</param>
    public static CompletionsToChatResult Translate(ReadOnlyMemory<byte> body, ProviderSettings settings)
    {
        using var document = JsonDocument.Parse(body, CompletionsJson.DocumentOptions);
        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var json = new Utf8JsonWriter(buffer, CompletionsJson.WriterOptions))
        {
            json.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("prompt"u8))
                {
                    if (Prompt(property.Value, settings.Name, out var error) is not { } prompt)
                    {
                        return new(null, error);
                    }

                    json.WriteStartArray("messages");
                    json.WriteStartObject();
                    json.WriteString("role", "user");
                    json.WriteString("content", prompt);
                    json.WriteEndObject();
                    json.WriteEndArray();
                }
                else if (CompletionsOnly.TryGetValue(property.Name, out var asksNothing))
                {
                    if (!asksNothing(property.Value) && UnsupportedParams.Refuse(settings, property.Name, "only OpenAI's completions API has it") is { } refusal)
                    {
                        return new(null, refusal);
                    }
                }
                else if (!property.NameEquals("models"u8))
                {
                    // The gateway's fallback list was read for routing already.
                    property.WriteTo(json);
                }
            }

            json.WriteEndObject();
        }

        return new(buffer.WrittenSpan.ToArray(), null);
    }

    /// <summary>The prompt as one text; null (with the error) when it is not one.</summary>
    private static string? Prompt(JsonElement prompt, string provider, out GatewayError? error)
    {
        error = null;
        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                return prompt.GetString();
            case JsonValueKind.Array when prompt.GetArrayLength() == 0:
                error = CompletionsErrors.EmptyPrompt();
                return null;
            case JsonValueKind.Array when prompt[0].ValueKind != JsonValueKind.String:
                error = CompletionsErrors.PromptNotText(provider, "tokens");
                return null;
            case JsonValueKind.Array when prompt.GetArrayLength() > 1:
                error = CompletionsErrors.PromptNotText(provider, "several prompts");
                return null;
            case JsonValueKind.Array:
                return prompt[0].GetString();
            default:
                error = CompletionsErrors.PromptNotText(provider, "null (the document separator)");
                return null;
        }
    }
}
