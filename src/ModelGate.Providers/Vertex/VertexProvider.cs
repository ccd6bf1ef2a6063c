using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Gemini;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// Vertex AI: Gemini models through the shared <see cref="GeminiChatProvider"/> aimed at <see cref="VertexTarget"/>,
/// and Claude models (names starting <c>claude</c>) through <see cref="VertexAnthropicProvider"/>. When a
/// <c>credentials_file</c> is set, the access token is secured before each call, so a token endpoint that fails
/// is a retriable failure (another deployment may be tried) rather than a refused request.
/// </summary>
public sealed class VertexProvider : IChatProvider
{
    private readonly ServiceAccountTokenSource? tokens;
    private readonly GeminiChatProvider gemini;
    private readonly VertexAnthropicProvider claude;

    public VertexProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    {
        tokens = settings.Option("credentials_file") is { } file
            ? new ServiceAccountTokenSource(settings.Name, file, settings.Option("token_url")!, http, time, settings.Timeouts.Idle)
            : null;
        var target = new VertexTarget(settings, tokens);
        gemini = new GeminiChatProvider(settings, http, time, target);
        claude = new VertexAnthropicProvider(settings, http, time, target);
    }

    public async Task<ChatOutcome> SendChatAsync(ChatCall call, CancellationToken cancellationToken)
    {
        if (tokens is not null && (await tokens.GetAsync(cancellationToken).ConfigureAwait(false)).Error is { } error)
        {
            return new ChatFailed(error, Retriable: true);
        }

        IChatProvider publisher = IsClaude(call.Deployment.Model) ? claude : gemini;
        return await publisher.SendChatAsync(call, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsClaude(string model) => model.StartsWith("claude", StringComparison.OrdinalIgnoreCase);
}
