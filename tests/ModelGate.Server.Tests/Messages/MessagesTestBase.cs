using System.Net.Http.Headers;
using System.Text;
using Anthropic;
using Anthropic.Core;
using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Messages;

/// <summary>
/// A gateway with models on one fake upstream: <c>claude</c> on an Anthropic-format provider (the conformance fake's
/// wire format), <c>gpt</c> on an OpenAI-compatible one, and <c>mixed</c> on both. Clients speak the Messages API.
/// </summary>
public abstract class MessagesTestBase : IAsyncLifetime
{
    public const string Claude = "claude";
    public const string Gpt = "gpt";

    /// <summary>Anthropic first, then OpenAI: a failed pass-through falls back to a translated attempt.</summary>
    public const string Mixed = "mixed";

    /// <summary>OpenAI first, then Anthropic.</summary>
    public const string MixedOpenAiFirst = "mixed-openai-first";
    public const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    protected static readonly AnthropicFake AnthropicWire = new();

    protected FakeUpstream Upstream { get; private set; } = null!;

    protected TestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        var anthropic = string.Join('\n', AnthropicWire.ProviderYaml(Upstream.Root).Split('\n').Select(line => "    " + line));
        // No retry rounds: each test scripts one upstream answer.
        Gateway = await TestGateway.StartAsync($"""
            routing:
              retries: {"{"} max: 0 {"}"}
            providers:
              anthropic:
            {anthropic}
              openai:
                type: openai-compatible
                base_url: {Upstream.BaseUrl}
                api_key: sk-upstream-openai
            models:
              {Claude}:
                deployments: [{"{"} provider: anthropic, model: {AnthropicWire.UpstreamModel} {"}"}]
              {Gpt}:
                deployments: [{"{"} provider: openai, model: gpt-4o-mini {"}"}]
              {MixedOpenAiFirst}:
                deployments:
                  - {"{"} provider: openai, model: gpt-4o-mini {"}"}
                  - {"{"} provider: anthropic, model: {AnthropicWire.UpstreamModel} {"}"}
              {Mixed}:
                deployments:
                  - {"{"} provider: anthropic, model: {AnthropicWire.UpstreamModel} {"}"}
                  - {"{"} provider: openai, model: gpt-4o-mini {"}"}
            """);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>The official Anthropic SDK pointed at the gateway (base URL without <c>/v1</c>, as for Anthropic), its retries off.</summary>
    protected AnthropicClient Sdk(string key = TestGateway.MasterKey) =>
        new(new ClientOptions { ApiKey = key, BaseUrl = Gateway.BaseUrl, MaxRetries = 0 });

    /// <summary>A raw POST as Anthropic's clients send it: <c>x-api-key</c> and <c>anthropic-version</c>.</summary>
    protected async Task<HttpResponseMessage> PostAsync(string path, string json, string? apiKey = TestGateway.MasterKey, string? beta = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Gateway.BaseUrl + path)
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        request.Headers.Add("anthropic-version", "2023-06-01");
        if (beta is not null)
        {
            request.Headers.Add("anthropic-beta", beta);
        }

        using var http = new HttpClient();
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Writes Anthropic SSE events, each flushed, as a fake Anthropic upstream.</summary>
    protected static async Task WriteAnthropicSseAsync(Microsoft.AspNetCore.Http.HttpContext context, IEnumerable<string> events)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        foreach (var data in events)
        {
            var type = System.Text.Json.JsonDocument.Parse(data).RootElement.GetProperty("type").GetString();
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, $"event: {type}\ndata: {data}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>The events of an SSE body as (name, data) pairs, in order.</summary>
    protected static List<(string Event, string Data)> ParseSse(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]))
            .ToList();
}
