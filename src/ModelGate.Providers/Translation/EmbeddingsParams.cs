using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Requests;

namespace ModelGate.Providers.Translation;

/// <summary>
/// What a translating provider checks before it builds an embeddings request, under the one
/// <see cref="UnsupportedParams"/> rule: token-id inputs to a text-only API (always a 400 naming <c>input</c>:
/// dropping them would leave nothing to embed), <c>dimensions</c> where the API has no equivalent, and fields the
/// gateway does not know (400 <c>unsupported_parameter</c>, or dropped with <c>drop_unsupported_params: true</c>).
/// <c>user</c> is metadata that changes no vector: translators leave it out.
/// </summary>
public static class EmbeddingsParams
{
    /// <summary>The inputs as text, or the refusal.</summary>
    public static IReadOnlyList<string>? Texts(ProviderSettings settings, EmbeddingsRequest request, bool takesDimensions, out GatewayError? refusal)
    {
        refusal = null;
        if (request.Texts is null)
        {
            refusal = GatewayErrors.UnsupportedParameter(settings.Name, "input", ": this provider embeds text only, not token ids");
            return null;
        }

        if (!takesDimensions && request.Dimensions is not null)
        {
            refusal = UnsupportedParams.Refuse(settings, "dimensions", "this provider's embeddings API cannot shorten vectors");
        }

        refusal ??= request.OtherFields.Select(field => UnsupportedParams.Refuse(settings, field, "no equivalent in this provider's embeddings API"))
            .FirstOrDefault(error => error is not null);
        return refusal is null ? request.Texts : null;
    }

    /// <summary>The dimensions to send: none when the request asked for none, or when they were dropped.</summary>
    public static int? Dimensions(EmbeddingsRequest request, bool takesDimensions) => takesDimensions ? request.Dimensions : null;
}
