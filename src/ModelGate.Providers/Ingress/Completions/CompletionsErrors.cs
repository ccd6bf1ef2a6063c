using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Completions;

/// <summary>The errors of the completions translators, each named by field.</summary>
public static class CompletionsErrors
{
    /// <summary>A prompt chat cannot carry: tokens, several prompts at once, or none (null).</summary>
    public static GatewayError PromptNotText(string provider, string what) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnsupportedParameter,
            $"'prompt' as {what} cannot be sent to provider '{provider}': only OpenAI's completions API takes it; send the prompt as one string.",
            "prompt");

    public static GatewayError EmptyPrompt() => GatewayErrors.InvalidValue("prompt", "the array must hold one prompt.");

    /// <summary>The provider's answer is not a chat completion (or chunk) the gateway can turn into a text completion.</summary>
    public static GatewayError Untranslatable(string why) =>
        new(502, ErrorTypes.Server, ErrorCodes.UpstreamError, $"The provider's answer cannot be read as a chat completion: {why}");
}
