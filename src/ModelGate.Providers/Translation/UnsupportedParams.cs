using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Translation;

/// <summary>
/// The one rule for request fields a provider cannot take: refused with a 400 <c>unsupported_parameter</c>
/// naming the field, or silently dropped when the provider has <c>drop_unsupported_params: true</c>.
/// </summary>
public static class UnsupportedParams
{
    /// <summary>Fields every translator handles: they never count as unsupported.</summary>
    private static readonly HashSet<string> Always = ["model", "messages", "stream", "stream_options", "models"];

    /// <param name="supported">The top-level request fields this provider's translator maps.</param>
    public static GatewayError? Check(ProviderSettings settings, OpenAiChatRequest request, IReadOnlySet<string> supported)
    {
        if (settings.DropUnsupportedParams)
        {
            return null;
        }

        var field = request.PresentFields().FirstOrDefault(name => !Always.Contains(name) && !supported.Contains(name));
        return field is null ? null : GatewayErrors.UnsupportedParameter(settings.Name, field, "");
    }

    /// <summary>A value the provider cannot take inside a supported field (e.g. <c>n: 3</c>, an audio content part).</summary>
    public static GatewayError? Refuse(ProviderSettings settings, string param, string why) =>
        settings.DropUnsupportedParams ? null : GatewayErrors.UnsupportedParameter(settings.Name, param, $": {why}");
}
