using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Mistral;

/// <summary>
/// Mistral's chat completions wire format (API reference "Chat Completion", docs.mistral.ai/api): OpenAI-like
/// bodies, usage inside the last chunk (no <c>stream_options</c>), each streamed tool call sent whole, and
/// <c>{"object":"error",…}</c> error bodies.
/// </summary>
public sealed class MistralFake : IProviderFake
{
    public string UpstreamModel => "mistral-small-latest";

    public string ProviderYaml(string root) => $"type: mistral\nbase_url: {root}/v1\napi_key: mistral-conformance-key";

    public Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        OpenAiWire.WriteJsonAsync(context, 200, Completion(new JsonObject { ["role"] = "assistant", ["content"] = text, ["tool_calls"] = null, ["prefix"] = false }, "stop", usage));

    public Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage)
    {
        var events = new List<string> { Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null) };
        events.AddRange(pieces.Select(piece => Chunk(new JsonObject { ["content"] = piece }, null)));
        events.Add(Chunk(new JsonObject { ["content"] = "" }, "stop", usage));
        return OpenAiWire.WriteSseAsync(context, events);
    }

    public Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        OpenAiWire.WriteJsonAsync(context, 200, Completion(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = "",
            ["tool_calls"] = new JsonArray(ToolCall(callId, name, argumentsJson)),
        }, "tool_calls", new ConformanceUsage(10, 5)));

    public Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces)
    {
        var events = new List<string>
        {
            Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null),
            Chunk(new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(callId, name, string.Concat(argumentPieces))) }, "tool_calls", new ConformanceUsage(10, 5)),
        };
        return OpenAiWire.WriteSseAsync(context, events);
    }

    public Task WriteRateLimitAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 429, $$"""{"object":"error","message":"{{message}}","type":"rate_limited","param":null,"code":"1300"}""");

    public Task WriteBadRequestAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 400, $$"""{"object":"error","message":"{{message}}","type":"invalid_request_error","param":null,"code":null}""");

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer mistral-conformance-key", request.Headers["authorization"]);
        var body = request.Json;
        Assert.Equal(UpstreamModel, body.GetProperty("model").GetString());
        Assert.Equal(system, body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Contains(user, body.GetProperty("messages")[1].GetRawText());
        Assert.Equal(temperature, body.GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
        Assert.False(request.Json.TryGetProperty("stream_options", out _));
    }

    public void AssertToolSent(RecordedRequest request, string name)
    {
        var function = request.Json.GetProperty("tools")[0].GetProperty("function");
        Assert.Equal(name, function.GetProperty("name").GetString());
        Assert.Equal("city", function.GetProperty("parameters").GetProperty("required")[0].GetString());
    }

    public void AssertToolResultSent(RecordedRequest request, string callId, string result)
    {
        var tool = request.Json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal(callId, tool.GetProperty("tool_call_id").GetString());
        Assert.Contains(result, tool.GetProperty("content").GetRawText());
    }

    public void AssertImageSent(RecordedRequest request, string base64Png)
    {
        var parts = request.Json.GetProperty("messages")[0].GetProperty("content");
        var image = parts.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image_url");
        Assert.Equal($"data:image/png;base64,{base64Png}", image.GetProperty("image_url").GetProperty("url").GetString());
    }

    public void AssertJsonSchemaSent(RecordedRequest request, string name)
    {
        var format = request.Json.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal(name, format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
    }

    private static JsonObject ToolCall(string callId, string name, string arguments) => new()
    {
        ["id"] = callId,
        ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        ["index"] = 0,
    };

    private string Completion(JsonObject message, string finishReason, ConformanceUsage usage) => new JsonObject
    {
        ["id"] = "cmpl-e5cc70bb28c444948073e77776eb30ef",
        ["object"] = "chat.completion",
        ["model"] = UpstreamModel,
        ["usage"] = Usage(usage),
        ["created"] = 1702256327,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
    }.ToJsonString();

    private string Chunk(JsonObject delta, string? finishReason, ConformanceUsage? usage = null)
    {
        var chunk = new JsonObject
        {
            ["id"] = "cmpl-3ad1a1a4f3f34d5b9d8c1c2e8f0e1a2b",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1702256327,
            ["model"] = UpstreamModel,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        if (usage is not null)
        {
            chunk["usage"] = Usage(usage);
        }

        return chunk.ToJsonString();
    }

    private static JsonObject Usage(ConformanceUsage usage) => new()
    {
        ["prompt_tokens"] = usage.Input,
        ["completion_tokens"] = usage.Output,
        ["total_tokens"] = usage.Input + usage.Output,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedInput },
    };
}

public sealed class MistralConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new MistralFake();

    /// <summary>Mistral streams each tool call whole, arguments included, in one chunk.</summary>
    protected override bool StreamsToolArguments => false;
}
