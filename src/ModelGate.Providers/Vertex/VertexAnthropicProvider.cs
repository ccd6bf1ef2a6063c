using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.Gemini;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Vertex;

/// <summary>
/// Claude on Vertex AI: Anthropic's Messages body, without <c>model</c> and with
/// <c>anthropic_version: vertex-2023-10-16</c>, posted to the model's <c>rawPredict</c> (or
/// <c>streamRawPredict</c>) and answered in Anthropic's own format, so the Anthropic translators serve it whole.
/// </summary>
public sealed class VertexAnthropicProvider(ProviderSettings settings, HttpClient http, TimeProvider time, VertexTarget target)
    : HttpChatProvider(settings, http, time)
{
    public const string AnthropicVersion = "vertex-2023-10-16";

    private readonly int defaultMaxTokens = settings.Option("default_max_tokens") is { } limit
        ? int.Parse(limit, CultureInfo.InvariantCulture)
        : OpenAiToAnthropic.DefaultMaxTokens;

    protected override async ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var request = OpenAiRequestReader.Read(call, out var invalid);
        if (request is null)
        {
            return UpstreamRequest.Refuse(invalid!);
        }

        var options = new AnthropicBodyOptions(Model: null, call.Request.Stream, defaultMaxTokens, AnthropicVersion);
        var translation = OpenAiToAnthropic.Translate(request, Settings, options);
        if (translation.Refusal is { } refusal)
        {
            return UpstreamRequest.Refuse(refusal);
        }

        var message = PostJson(target.AnthropicEndpoint(call.Deployment.Model, call.Request.Stream), translation.Body!, call.Request.Stream);
        if (await target.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false) is { } unauthorised)
        {
            message.Dispose();
            return UpstreamRequest.Refuse(unauthorised);
        }

        return UpstreamRequest.Send(message);
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body) =>
        AnthropicToOpenAi.Completion(Settings.Name, body, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) =>
        new TranslatingSseStream(new SseUpstream(body), new AnthropicStreamTranslator(Settings.Name, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds()));

    /// <summary>Claude's own errors come in Anthropic's shape; those Vertex raises itself (quota, permissions) in Google's.</summary>
    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        IsAnthropicError(body)
            ? AnthropicErrors.Map(Settings.Name, status, body, retryAfter)
            : GeminiErrorReader.Map(Settings.Name, status, body, retryAfter);

    private static bool IsAnthropicError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("type", out var type) && type.ValueEquals("error");
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
