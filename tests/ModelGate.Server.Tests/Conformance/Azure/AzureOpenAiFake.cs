using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Conformance.OpenAi;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Azure;

/// <summary>
/// Azure OpenAI (REST reference "Chat completions - Create", api-version 2024-10-21): OpenAI's bodies and error
/// objects behind <c>/openai/deployments/{deployment}/chat/completions?api-version=…</c> with an <c>api-key</c> header.
/// </summary>
public sealed class AzureOpenAiFake : IProviderFake
{
    private readonly OpenAiFake openAi = new();

    public string UpstreamModel => "gpt-4o-mini-deployment";

    public string ProviderYaml(string root) => $"type: azure-openai\nbase_url: {root}\napi_key: azure-conformance-key";

    public Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) => openAi.WriteTextAsync(context, text, usage);

    public Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage) =>
        openAi.WriteTextStreamAsync(context, pieces, usage);

    public Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        openAi.WriteToolCallAsync(context, callId, name, argumentsJson);

    public Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces) =>
        openAi.WriteToolCallStreamAsync(context, callId, name, argumentPieces);

    public Task WriteRateLimitAsync(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "3";
        return OpenAiWire.WriteJsonAsync(context, 429, $$$"""{"error":{"code":"429","message":"{{{message}}}"}}""");
    }

    public Task WriteBadRequestAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 400, $$$"""{"error":{"code":"BadRequest","message":"{{{message}}}","param":null,"type":null}}""");

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        Assert.Equal($"/openai/deployments/{UpstreamModel}/chat/completions", request.Path);
        Assert.Equal("?api-version=2024-10-21", request.Query);
        Assert.Equal("azure-conformance-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("authorization"));
        var body = request.Json;
        Assert.Equal(UpstreamModel, body.GetProperty("model").GetString());
        Assert.Equal(system, body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(temperature, body.GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.Contains(user, body.GetProperty("messages")[1].GetRawText());
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        Assert.Equal($"/openai/deployments/{UpstreamModel}/chat/completions", request.Path);
        openAi.AssertStreamRequest(request);
    }

    public void AssertToolSent(RecordedRequest request, string name) => openAi.AssertToolSent(request, name);

    public void AssertToolResultSent(RecordedRequest request, string callId, string result) => openAi.AssertToolResultSent(request, callId, result);

    public void AssertImageSent(RecordedRequest request, string base64Png) => openAi.AssertImageSent(request, base64Png);

    public void AssertJsonSchemaSent(RecordedRequest request, string name) => openAi.AssertJsonSchemaSent(request, name);
}

public sealed class AzureOpenAiConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new AzureOpenAiFake();
}
