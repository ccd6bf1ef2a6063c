using System.Globalization;
using System.Net.Http.Headers;
using ModelGate.Core.Configuration;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// Anthropic's Messages API (<c>POST {base_url}/messages</c>): the key goes in <c>x-api-key</c> (the schema's
/// default auth header), the API version in <c>anthropic-version</c> (option <c>api_version</c>). Chat requests are
/// translated; Messages requests pass through as bytes with only <c>model</c> rewritten.
/// </summary>
public sealed class AnthropicProvider : HttpChatProvider, IAnthropicMessagesProvider
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

    public Task<ChatOutcome> SendMessagesAsync(ChatCall call, AnthropicHeaders headers, CancellationToken cancellationToken)
    {
        var body = PassThroughRewriter.Rewrite(call.Request, call.Deployment.Model, askForUsage: false);
        var message = PostJson(endpoint, body, call.Request.Stream);
        AddVersion(message, headers.Version);
        if (headers.Beta is { } beta)
        {
            message.Headers.TryAddWithoutValidation("anthropic-beta", beta);
        }

        var readers = new AnswerReaders(
            bytes => AnthropicToOpenAi.Untranslated(Settings.Name, bytes),
            upstream => new AnthropicPassThroughStream(new SseUpstream(upstream)));
        return SendAsync(call, UpstreamRequest.Send(message), readers, cancellationToken);
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
        AddVersion(message, clientVersion: null);
        return ValueTask.FromResult(UpstreamRequest.Send(message));
    }

    /// <summary>The client's <c>anthropic-version</c> when it sent one, else the configured one; a configured header wins over both.</summary>
    private void AddVersion(HttpRequestMessage message, string? clientVersion)
    {
        if ((clientVersion ?? Settings.Option("api_version")) is { } version && !message.Headers.Contains("anthropic-version"))
        {
            message.Headers.TryAddWithoutValidation("anthropic-version", version);
        }
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body) =>
        AnthropicToOpenAi.Completion(Settings.Name, body, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) =>
        new TranslatingSseStream(new SseUpstream(body), new AnthropicStreamTranslator(Settings.Name, call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds()));

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        AnthropicErrors.Map(Settings.Name, status, body, retryAfter);
}
