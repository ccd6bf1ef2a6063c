using System.Net.Http.Headers;
using System.Text.Json;
using ModelGate.Core.Configuration;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Requests;
using ModelGate.Core.Usage;
using ModelGate.Providers.Http;
using ModelGate.Providers.OpenAi;

namespace ModelGate.Providers.Azure;

/// <summary>
/// Azure OpenAI: OpenAI's wire format behind a per-deployment URL
/// (<c>{base_url}/openai/deployments/{deployment}/chat/completions?api-version=…</c>), so the body takes the
/// OpenAI pass-through path. The deployment's <c>model</c> is the Azure deployment name; it goes in the URL and,
/// although Azure ignores it, in the body's <c>model</c> too. Credentials are an <c>api-key</c> header by
/// default, or a Microsoft Entra ID token with <c>auth_header: Authorization</c>.
/// </summary>
public sealed class AzureOpenAiProvider(ProviderSettings settings, HttpClient http, TimeProvider time)
    : HttpChatProvider(settings, http, time)
{

    private readonly string apiVersion = Uri.EscapeDataString(settings.Option("api_version") ?? "2024-10-21");

    protected override ValueTask<UpstreamRequest> BuildRequestAsync(ChatCall call, CancellationToken cancellationToken)
    {
        var deployment = call.Deployment.Model;
        var body = PassThroughRewriter.Rewrite(call.Request, deployment);
        return ValueTask.FromResult(UpstreamRequest.Send(PostJson(DeploymentEndpoint(deployment), body, call.Request.Stream)));
    }

    /// <summary>Azure's answers are OpenAI's (plus content-filter annotations, relayed as they are).</summary>
    protected override ChatOutcome ReadCompletion(ChatCall call, byte[] body)
    {
        try
        {
            var facts = OpenAiBodyInspector.Inspect(body);
            return facts.HasError
                ? new ChatFailed(OpenAiErrorMapper.InBand(Settings.Name, body), Retriable: true)
                : new ChatCompleted(body, facts.Usage);
        }
        catch (JsonException)
        {
            var detail = $"the response body is not valid JSON: {OpenAiErrorMapper.Excerpt(body)}";
            return new ChatFailed(GatewayErrors.Upstream(Settings.Name, detail), Retriable: true);
        }
    }

    protected override IChatStream OpenStream(ChatCall call, UpstreamBody body) => new OpenAiChatStream(new SseUpstream(body));

    /// <summary>Azure's error bodies are OpenAI-shaped; their <c>code</c> (e.g. <c>content_filter</c>, <c>429</c>) passes through.</summary>
    protected override ChatFailed ReadError(int status, byte[] body, TimeSpan? retryAfter) =>
        OpenAiErrorMapper.Map(Settings.Name, status, body, retryAfter);

    private Uri DeploymentEndpoint(string deployment)
    {
        var path = Endpoint(Settings.BaseUrl!, $"openai/deployments/{Uri.EscapeDataString(deployment)}/chat/completions");
        return new Uri($"{path.AbsoluteUri}?api-version={apiVersion}");
    }
}
