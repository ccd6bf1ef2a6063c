using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>The errors of the Responses ingress that the shared <see cref="GatewayErrors"/> do not word.</summary>
public static class ResponsesErrors
{
    /// <summary>A Responses feature the gateway cannot carry over the chat completions API.</summary>
    public static GatewayError Unsupported(string param, string why) =>
        new(400, ErrorTypes.InvalidRequest, ErrorCodes.UnsupportedParameter,
            $"'{param}' is not supported by the gateway's Responses API: {why}", param);

    /// <summary>The provider's answer could not be read as a chat completion.</summary>
    public static GatewayError NotAChatCompletion(string detail) =>
        new(502, ErrorTypes.Server, ErrorCodes.UpstreamError, $"The provider's answer is not a chat completion: {detail}");
}
