using System.Globalization;
using System.Net.Http.Headers;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// Anthropic's Messages API (<c>POST {base_url}/messages</c>): the key goes in <c>x-api-key</c> (the schema's
/// default auth header), the API version in <c>anthropic-version</c> (option <c>api_version</c>).
/// </summary>
public sealed class AnthropicProvider : HttpChatProvider
{

    private readonly Uri endpoint;
    private readonly int defaultMaxTokens;

    public AnthropicProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
        : base(settings, http, time)
    {
        endpoint = Endpoint(settings.BaseUrl!, "messages");
        defaultMaxTokens = OpenAiToAnthropic.DefaultMaxTokens;
        if (settings.Option("default_max_tokens") is { } text
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out defaultMaxTokens) && defaultMaxTokens > 0))
        {
            throw new ArgumentException($"provider '{settings.Name}': default_max_tokens must be a positive integer, got '{text}'", nameof(settings));
        }
    }

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var request = OpenAiRequestReader.Read(call, out var invalid);
        if (request is null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(invalid!));
        }

        var options = new AnthropicBodyOptions(call.Deployment.Model, call.Request.Stream, defaultMaxTokens);
        var translation = OpenAiToAnthropic.Translate(request, Settings, options);
        if (translation.Refusal is { } refusal)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(refusal));
        }

        var message = PostJson(endpoint, translation.Body!, call.Request.Stream);
        if (Settings.Option("api_version") is { } version && !message.Headers.Contains("anthropic-version"))
        {
            message.Headers.TryAddWithoutValidation("anthropic-version", version);
        }

        return ValueTask.FromResult(UpstreamRequest.Send(message));
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body) =>
        AnthropicToOpenAi.Completion(Settings.Name, body, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) =>
        new TranslatingSseStream(new SseUpstream(body), new AnthropicStreamTranslator(Settings.Name, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds()));

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        AnthropicErrors.Map(Settings.Name, status, body, retryAfter);
}
