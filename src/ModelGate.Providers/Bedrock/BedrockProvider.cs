using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Bedrock.Signing;
using ModelGate.Providers.Bedrock.Wire;
using ModelGate.Providers.Http;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>
/// Amazon Bedrock through the Converse API: <c>POST /model/{modelId}/converse</c>, or <c>/converse-stream</c> for
/// streams (AWS event-stream framing), signed with AWS Signature Version 4 for the service <c>bedrock</c>.
/// <c>base_url</c>, when set, replaces <c>https://bedrock-runtime.{region}.amazonaws.com</c>.
/// </summary>
public sealed class BedrockProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpChatProvider(settings, http, time)
{
    public const string SigningService = "bedrock";

    private static readonly MediaTypeWithQualityHeaderValue AcceptEventStreamFrames = new("application/vnd.amazon.eventstream");

    /// <summary>ConverseStream answers in AWS event-stream frames, not server-sent events.</summary>
    protected override MediaTypeWithQualityHeaderValue StreamMediaType => AcceptEventStreamFrames;

    private readonly string region = settings.Option("region") ?? "";
    private readonly Uri baseUrl = settings.BaseUrl ?? new Uri($"https://bedrock-runtime.{settings.Option("region")}.amazonaws.com");
    private readonly AwsCredentials credentials = new(
        settings.Option("access_key_id") ?? "", settings.Option("secret_access_key") ?? "", settings.Option("session_token"));

    /// <summary>How each call's request was shaped, for its response translators (one provider serves many calls at once).</summary>
    private readonly ConditionalWeakTable<ChatCall, ConverseCallShape> shapes = new();

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var request = OpenAiRequestReader.Read(call, out var readError);
        if (request is null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(readError!));
        }

        var (converse, shape, error) = OpenAiToBedrock.Translate(Settings, request, call.Deployment.Model);
        if (error is not null)
        {
            return ValueTask.FromResult(UpstreamRequest.Refuse(error));
        }

        shapes.AddOrUpdate(call, shape);
        var body = JsonSerializer.SerializeToUtf8Bytes(converse!, BedrockWireContext.Relaxed.ConverseRequest);
        var path = $"{baseUrl.AbsolutePath.TrimEnd('/')}/model/{Uri.EscapeDataString(call.Deployment.Model)}/{(call.Request.Stream ? "converse-stream" : "converse")}";
        var message = PostJson(new Uri($"{baseUrl.Scheme}://{baseUrl.Authority}{path}"), body, call.Request.Stream);
        Sign(message, path, body);
        return ValueTask.FromResult(UpstreamRequest.Send(message));
    }

    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body)
    {
        ConverseResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, BedrockWireContext.Default.ConverseResponse);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response?.Output?.Message is null)
        {
            var detail = $"the response is not a Converse response: {UpstreamErrorPolicy.Excerpt(body)}";
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, detail), Retriable: true);
        }

        var (bytes, usage) = BedrockToOpenAi.Translate(response, Shape(call), ResponseId(call), call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());
        return new ChatCompleted(bytes, usage);
    }

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body)
    {
        var writer = new OpenAiChunkWriter(ResponseId(call), call.Deployment.Model, Time.GetUtcNow().ToUnixTimeSeconds());
        return new BedrockChatStream(body, new BedrockStreamTranslator(Settings.Name, Shape(call), writer));
    }

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        BedrockErrors.Map(Settings.Name, status, body, retryAfter, errorTypeHeader: null);

    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter, HttpResponseHeaders headers) =>
        BedrockErrors.Map(Settings.Name, status, body, retryAfter,
            headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null);

    /// <summary>Converse responses have no id: the gateway's request id stands in for one.</summary>
    private static string ResponseId(ChatCall call) => "chatcmpl-" + call.RequestId;

    private ConverseCallShape Shape(ChatCall call) => shapes.TryGetValue(call, out var shape) ? shape : new ConverseCallShape(JsonMode: false);

    /// <summary>Signs host, x-amz-date and, with temporary credentials, x-amz-security-token; the body by its SHA-256.</summary>
    private void Sign(HttpRequestMessage message, string path, byte[] body)
    {
        var now = Time.GetUtcNow();
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", message.RequestUri!.Authority),
            new("x-amz-date", SigV4Signer.AmzDate(now)),
        };
        if (credentials.SessionToken is { } token)
        {
            headers.Add(new("x-amz-security-token", token));
        }

        var signature = SigV4Signer.Sign("POST", path, [], headers, SigV4Signer.PayloadHash(body), credentials, region, SigningService, now);
        foreach (var (name, value) in headers.Skip(1))
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.Remove("Authorization");
        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
    }
}
