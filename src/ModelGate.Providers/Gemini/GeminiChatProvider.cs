using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.Http;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// Gemini's <c>generateContent</c> API behind the OpenAI chat API, for both the Gemini API and Vertex AI:
/// the <see cref="IGeminiTarget"/> says where requests go and how they are authorised; everything else is shared.
/// </summary>
public sealed class GeminiChatProvider(ProviderSettings settings, HttpClient http, TimeProvider time, IGeminiTarget target)
    : HttpChatProvider(settings, http, time)
{

    /// <summary>Writes request bodies without escaping non-ASCII text.</summary>
    private static readonly GeminiWireContext Relaxed = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private readonly int? defaultMaxTokens = ReadDefaultMaxTokens(settings);

    /// <summary>The Gemini API (AI Studio), keyed by <c>x-goog-api-key</c>.</summary>
    public static GeminiChatProvider ForGeminiApi(ProviderSettings settings, HttpClient http, TimeProvider time) =>
        new(settings, http, time, new GeminiApiTarget(settings.BaseUrl!));

    protected override async ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var request = OpenAiRequestReader.Read(call, out var error);
        var gemini = request is null ? null : OpenAiToGemini.Translate(request, Settings, call.Request.Stream, defaultMaxTokens, out error);
        if (gemini is null)
        {
            return UpstreamRequest.Refuse(error!);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(gemini, Relaxed.GeminiRequest);
        var message = PostJson(target.Endpoint(call.Deployment.Model, call.Request.Stream), body, call.Request.Stream);
        if (await target.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            message.Dispose();
            return UpstreamRequest.Refuse(refusal);
        }

        return UpstreamRequest.Send(message);
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body)
    {
        GeminiResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, GeminiWireContext.Default.GeminiResponse);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response is null || response.Error is not null)
        {
            var detail = response?.Error?.Message ?? $"the response body is not valid JSON: {UpstreamErrorPolicy.Excerpt(body)}";
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, detail), Retriable: true);
        }

        var completion = GeminiToOpenAi.Completion(response, GeminiToOpenAi.ResponseKey(response), call.Deployment.Model, Now);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiWireContext.Relaxed.OpenAiChatCompletion);
        return new ChatCompleted(bytes, GeminiToOpenAi.Usage(response.UsageMetadata));
    }

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) =>
        new TranslatingSseStream(new SseUpstream(body), new GeminiStreamTranslator(Settings.Name, call.Deployment.Model, Now));

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        GeminiErrorReader.Map(Settings.Name, status, body, retryAfter);

    private long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    private static int? ReadDefaultMaxTokens(ProviderSettings settings) => settings.Option("default_max_tokens") switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 => limit,
        var text => throw new ArgumentException($"provider '{settings.Name}': default_max_tokens must be a positive integer, got '{text}'", nameof(settings)),
    };
}
