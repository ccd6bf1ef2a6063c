using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>The errors of the Responses ingress that the shared <see cref="GatewayErrors"/> do not word.</summary>
public static class ResponsesErrors
{
    public const string ResponseNotFound = "response_not_found";
    public const string PreviousResponseNotFound = "previous_response_not_found";
    public const string ResponseNotCancellable = "response_not_cancellable";

    /// <summary>No stored response with this id that the caller's key may see (another key's is not found either).</summary>
    public static GatewayError NotFound(string id) =>
        new(404, ErrorTypes.InvalidRequest, ResponseNotFound, $"Response with id '{id}' not found.");

    /// <summary>As <see cref="NotFound"/>, for the <c>previous_response_id</c> of a new request.</summary>
    public static GatewayError PreviousNotFound(string id) =>
        new(404, ErrorTypes.InvalidRequest, PreviousResponseNotFound, $"Previous response with id '{id}' not found.", "previous_response_id");

    /// <summary>Only background responses can be cancelled, and the gateway makes none.</summary>
    public static GatewayError NotCancellable() =>
        new(400, ErrorTypes.InvalidRequest, ResponseNotCancellable,
            "Cannot cancel a synchronous response. Only responses created with background: true can be cancelled.");

    /// <summary>A Responses feature the gateway cannot carry over the chat completions API.</summary>
    public static GatewayError Unsupported(string param, string why) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnsupportedParameter,
            $"'{param}' is not supported by the gateway's Responses API: {why}", param);

    /// <summary>A follow-up to a response OpenAI holds, on a deployment that no longer passes Responses through to OpenAI.</summary>
    public static GatewayError HeldUpstream(string id) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnsupportedParameter,
            $"Response '{id}' is held by OpenAI; only a deployment on an 'openai' provider can continue it.", "previous_response_id");

    /// <summary>The provider's answer could not be read as a chat completion.</summary>
    public static GatewayError NotAChatCompletion(string detail) =>
        new(502, ErrorTypes.Server, ErrorCodes.UpstreamError, $"The provider's answer is not a chat completion: {detail}");
}
