using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Cohere;

/// <summary>
/// Cohere's Chat API v2 wire format (API reference "Chat", docs.cohere.com/reference/chat, and the "Streaming"
/// guide): <c>POST /v2/chat</c>, content as an array of parts, usage with <c>tokens</c> and <c>billed_units</c>,
/// typed stream events ending with <c>message-end</c>, and <c>{"id":…,"message":…}</c> error bodies.
/// </summary>
public sealed class CohereFake : IProviderFake
{
    private const string Id = "c14c80c3-18eb-4519-9460-6c92edd8cfb4";

    public string UpstreamModel => "command-a-03-2025";

    public string ProviderYaml(string root) => $"type: cohere\nbase_url: {root}/v2\napi_key: cohere-conformance-key";

    public Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        OpenAiWire.WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = Id,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            },
            ["finish_reason"] = "COMPLETE",
            ["usage"] = Usage(usage),
        }.ToJsonString());

    public Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage)
    {
        var events = new List<JsonObject>
        {
            MessageStart(),
            Event("content-start", 0, new JsonObject { ["content"] = new JsonObject { ["type"] = "text", ["text"] = "" } }),
        };
        events.AddRange(pieces.Select(piece => Event("content-delta", 0, new JsonObject { ["content"] = new JsonObject { ["text"] = piece } })));
        events.Add(new JsonObject { ["type"] = "content-end", ["index"] = 0 });
        events.Add(MessageEnd("COMPLETE", usage));
        return WriteEventsAsync(context, events);
    }

    public Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        OpenAiWire.WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = Id,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["tool_plan"] = "I will look up the weather.",
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = callId,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = argumentsJson },
                }),
            },
            ["finish_reason"] = "TOOL_CALL",
            ["usage"] = Usage(new ConformanceUsage(10, 5)),
        }.ToJsonString());

    public Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces)
    {
        var events = new List<JsonObject>
        {
            MessageStart(),
            Event("tool-plan-delta", null, new JsonObject { ["tool_plan"] = "I will look up the weather." }),
            Event("tool-call-start", 0, new JsonObject
            {
                ["tool_calls"] = new JsonObject
                {
                    ["id"] = callId, ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "" },
                },
            }),
        };
        events.AddRange(argumentPieces.Select(piece => Event("tool-call-delta", 0, new JsonObject
        {
            ["tool_calls"] = new JsonObject { ["function"] = new JsonObject { ["arguments"] = piece } },
        })));
        events.Add(new JsonObject { ["type"] = "tool-call-end", ["index"] = 0 });
        events.Add(MessageEnd("TOOL_CALL", new ConformanceUsage(10, 5)));
        return WriteEventsAsync(context, events);
    }

    public Task WriteRateLimitAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 429, new JsonObject { ["id"] = Id, ["message"] = message }.ToJsonString());

    public Task WriteBadRequestAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 400, new JsonObject { ["id"] = Id, ["message"] = message }.ToJsonString());

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        Assert.Equal("/v2/chat", request.Path);
        Assert.Equal("Bearer cohere-conformance-key", request.Headers["authorization"]);
        var body = request.Json;
        Assert.Equal(UpstreamModel, body.GetProperty("model").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal(system, messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal(user, messages[1].GetProperty("content").GetString());
        Assert.Equal(temperature, body.GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.GetProperty("stream").GetBoolean());
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        Assert.Equal("/v2/chat", request.Path);
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
    }

    public void AssertToolSent(RecordedRequest request, string name)
    {
        var tool = request.Json.GetProperty("tools")[0];
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal(name, tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("city", tool.GetProperty("function").GetProperty("parameters").GetProperty("required")[0].GetString());
    }

    public void AssertToolResultSent(RecordedRequest request, string callId, string result)
    {
        var messages = request.Json.GetProperty("messages").EnumerateArray().ToList();
        var call = messages.Single(m => m.GetProperty("role").GetString() == "assistant").GetProperty("tool_calls")[0];
        Assert.Equal(callId, call.GetProperty("id").GetString());
        var tool = messages.Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal(callId, tool.GetProperty("tool_call_id").GetString());
        Assert.Equal(result, tool.GetProperty("content").GetString());
    }

    public void AssertImageSent(RecordedRequest request, string base64Png)
    {
        var parts = request.Json.GetProperty("messages")[0].GetProperty("content");
        var image = parts.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image_url");
        Assert.Equal($"data:image/png;base64,{base64Png}", image.GetProperty("image_url").GetProperty("url").GetString());
    }

    /// <summary>Cohere's JSON mode takes the schema itself; it has no field for the schema's name.</summary>
    public void AssertJsonSchemaSent(RecordedRequest request, string name)
    {
        var format = request.Json.GetProperty("response_format");
        Assert.Equal("json_object", format.GetProperty("type").GetString());
        // Cohere's json_object format carries the schema but not its name: the schema's one required field is the name in these tests.
        Assert.Equal(name, format.GetProperty("json_schema").GetProperty("required")[0].GetString());
    }

    private static JsonObject MessageStart() => new()
    {
        ["id"] = Id,
        ["type"] = "message-start",
        ["delta"] = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["role"] = "assistant", ["content"] = new JsonArray(), ["tool_plan"] = "",
                ["tool_calls"] = new JsonArray(), ["citations"] = new JsonArray(),
            },
        },
    };

    private static JsonObject Event(string type, int? index, JsonObject message)
    {
        var e = new JsonObject { ["type"] = type };
        if (index is not null)
        {
            e["index"] = index;
        }

        e["delta"] = new JsonObject { ["message"] = message };
        return e;
    }

    private static JsonObject MessageEnd(string finishReason, ConformanceUsage usage) => new()
    {
        ["type"] = "message-end",
        ["delta"] = new JsonObject { ["finish_reason"] = finishReason, ["usage"] = Usage(usage) },
    };

    private static JsonObject Usage(ConformanceUsage usage) => new()
    {
        ["billed_units"] = new JsonObject { ["input_tokens"] = usage.Input - usage.CachedInput, ["output_tokens"] = usage.Output },
        ["tokens"] = new JsonObject { ["input_tokens"] = usage.Input, ["output_tokens"] = usage.Output },
        ["cached_tokens"] = usage.CachedInput,
    };

    /// <summary>Each event as <c>event: {type}</c> plus its JSON on one <c>data:</c> line; no <c>[DONE]</c> follows.</summary>
    private static async Task WriteEventsAsync(HttpContext context, IEnumerable<JsonObject> events)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        foreach (var e in events)
        {
            await context.Response.WriteAsync($"event: {e["type"]}\ndata: {e.ToJsonString()}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}

public sealed class CohereConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new CohereFake();
}
