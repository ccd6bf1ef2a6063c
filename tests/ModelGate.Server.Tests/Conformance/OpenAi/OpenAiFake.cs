using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.OpenAi;

/// <summary>
/// OpenAI's chat completions wire format (API reference: "Create chat completion", "The chat completion
/// object", "The chat completion chunk object"), for the pass-through provider.
/// </summary>
public sealed class OpenAiFake : IProviderFake
{
    public string UpstreamModel => "gpt-4o-mini";

    public string ProviderYaml(string root) => $"type: openai-compatible\nbase_url: {root}/v1\napi_key: sk-conformance";

    public Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        OpenAiWire.WriteJsonAsync(context, 200, Completion(new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null }, "stop", usage));

    public Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage)
    {
        var events = new List<string> { Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null) };
        events.AddRange(pieces.Select(piece => Chunk(new JsonObject { ["content"] = piece }, null)));
        events.Add(Chunk(new JsonObject(), "stop"));
        events.Add(UsageChunk(usage));
        return OpenAiWire.WriteSseAsync(context, events);
    }

    public Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        OpenAiWire.WriteJsonAsync(context, 200, Completion(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = callId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = argumentsJson },
            }),
        }, "tool_calls", new ConformanceUsage(10, 5)));

    public Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces)
    {
        var events = new List<string>
        {
            Chunk(new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["id"] = callId, ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "" },
                }),
            }, null),
        };
        events.AddRange(argumentPieces.Select(piece => Chunk(new JsonObject
        {
            ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }),
        }, null)));
        events.Add(Chunk(new JsonObject(), "tool_calls"));
        return OpenAiWire.WriteSseAsync(context, events);
    }

    public Task WriteRateLimitAsync(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "3";
        return OpenAiWire.WriteJsonAsync(context, 429, OpenAiWire.Error(message, "requests", null, "rate_limit_exceeded"));
    }

    public Task WriteBadRequestAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 400, OpenAiWire.Error(message, "invalid_request_error", null, null));

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        var body = request.Json;
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal(UpstreamModel, body.GetProperty("model").GetString());
        Assert.Equal(system, body.GetProperty("messages")[0].GetProperty("content").GetString());
        var content = body.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal(user, content.ValueKind == JsonValueKind.String ? content.GetString() : content[0].GetProperty("text").GetString());
        Assert.Equal(temperature, body.GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, body.GetProperty("max_completion_tokens").GetInt32());
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
        Assert.True(request.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
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

    private string Completion(JsonObject message, string finishReason, ConformanceUsage usage) => new JsonObject
    {
        ["id"] = "chatcmpl-conf",
        ["object"] = "chat.completion",
        ["created"] = 1741570283,
        ["model"] = UpstreamModel,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finishReason }),
        ["usage"] = Usage(usage),
    }.ToJsonString();

    private string Chunk(JsonObject delta, string? finishReason) => new JsonObject
    {
        ["id"] = "chatcmpl-conf",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1741570283,
        ["model"] = UpstreamModel,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
    }.ToJsonString();

    private string UsageChunk(ConformanceUsage usage) => new JsonObject
    {
        ["id"] = "chatcmpl-conf",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1741570283,
        ["model"] = UpstreamModel,
        ["choices"] = new JsonArray(),
        ["usage"] = Usage(usage),
    }.ToJsonString();

    private static JsonObject Usage(ConformanceUsage usage) => new()
    {
        ["prompt_tokens"] = usage.Input,
        ["completion_tokens"] = usage.Output,
        ["total_tokens"] = usage.Input + usage.Output,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedInput },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
    };
}

public sealed class OpenAiConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new OpenAiFake();
}
