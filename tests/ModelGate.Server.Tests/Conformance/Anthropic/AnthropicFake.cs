using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Anthropic;

/// <summary>
/// Anthropic's Messages API wire format (API reference "Messages", the streaming guide, "Errors"):
/// <c>POST /v1/messages</c> with <c>x-api-key</c> and <c>anthropic-version</c>, named SSE events, error bodies
/// <c>{"type":"error","error":{...}}</c>.
/// </summary>
public class AnthropicFake : IProviderFake
{
    private const string MessageId = "msg_01XFDUDYJgAACzvnptvVoYEL";

    public string UpstreamModel => "claude-sonnet-4-5";

    public virtual string ProviderYaml(string root) => $"type: anthropic\nbase_url: {root}/v1\napi_key: sk-ant-conformance";

    /// <summary>Checks where the request went, how it was authorised and how the body names the model.</summary>
    protected virtual void AssertEndpoint(RecordedRequest request, bool stream)
    {
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("sk-ant-conformance", request.Headers["x-api-key"]);
        // The configured version on translated calls; the client's own on passed-through Messages calls.
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", request.Headers["anthropic-version"]);
        Assert.Equal(UpstreamModel, request.Json.GetProperty("model").GetString());
    }

    public Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        OpenAiWire.WriteJsonAsync(context, 200, Message(new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }), "end_turn", usage));

    public Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage)
    {
        var events = new List<(string, JsonObject)>
        {
            MessageStart(usage),
            ("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } }),
            ("ping", new JsonObject { ["type"] = "ping" }),
        };
        events.AddRange(pieces.Select(piece => BlockDelta(0, new JsonObject { ["type"] = "text_delta", ["text"] = piece })));
        events.AddRange(End(0, "end_turn", usage.Output));
        return WriteSseAsync(context, events);
    }

    public Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        OpenAiWire.WriteJsonAsync(context, 200, Message(new JsonArray(new JsonObject
        {
            ["type"] = "tool_use",
            ["id"] = callId,
            ["name"] = name,
            ["input"] = JsonNode.Parse(argumentsJson),
        }), "tool_use", new ConformanceUsage(10, 5)));

    public Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces)
    {
        var events = new List<(string, JsonObject)>
        {
            MessageStart(new ConformanceUsage(10, 1)),
            ("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = 0,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = callId, ["name"] = name, ["input"] = new JsonObject() },
            }),
            BlockDelta(0, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = "" }),
        };
        events.AddRange(argumentPieces.Select(piece => BlockDelta(0, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece })));
        events.AddRange(End(0, "tool_use", 5));
        return WriteSseAsync(context, events);
    }

    public Task WriteRateLimitAsync(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "3";
        return OpenAiWire.WriteJsonAsync(context, 429, Error("rate_limit_error", message));
    }

    public Task WriteBadRequestAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 400, Error("invalid_request_error", message));

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        var body = request.Json;
        AssertEndpoint(request, stream: false);
        Assert.Equal(system, body.GetProperty("system").GetString());
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(user, message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(temperature, body.GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, body.GetProperty("max_tokens").GetInt32());
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        AssertEndpoint(request, stream: true);
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
    }

    public void AssertToolSent(RecordedRequest request, string name)
    {
        var tool = request.Json.GetProperty("tools")[0];
        Assert.Equal(name, tool.GetProperty("name").GetString());
        Assert.Equal("city", tool.GetProperty("input_schema").GetProperty("required")[0].GetString());
    }

    public void AssertToolResultSent(RecordedRequest request, string callId, string result)
    {
        var messages = request.Json.GetProperty("messages");
        Assert.Equal("tool_use", messages[1].GetProperty("content")[0].GetProperty("type").GetString());
        var block = messages.EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "user")
            .Select(m => m.GetProperty("content"))
            .Where(content => content.ValueKind == JsonValueKind.Array)
            .SelectMany(content => content.EnumerateArray())
            .Single(b => b.GetProperty("type").GetString() == "tool_result");
        Assert.Equal(callId, block.GetProperty("tool_use_id").GetString());
        // A string, or text blocks: both are Anthropic's tool_result content.
        Assert.Contains(result, block.GetProperty("content").GetRawText());
    }

    public void AssertImageSent(RecordedRequest request, string base64Png)
    {
        var parts = request.Json.GetProperty("messages")[0].GetProperty("content");
        var source = parts.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image").GetProperty("source");
        Assert.Equal("base64", source.GetProperty("type").GetString());
        Assert.Equal("image/png", source.GetProperty("media_type").GetString());
        Assert.Equal(base64Png, source.GetProperty("data").GetString());
    }

    /// <summary>Anthropic's structured outputs carry the schema but not its name.</summary>
    public void AssertJsonSchemaSent(RecordedRequest request, string name)
    {
        var format = request.Json.GetProperty("output_config").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal(name, format.GetProperty("schema").GetProperty("required")[0].GetString());
    }

    private string Message(JsonArray content, string? stopReason, ConformanceUsage usage) => new JsonObject
    {
        ["id"] = MessageId,
        ["type"] = "message",
        ["role"] = "assistant",
        ["content"] = content,
        ["model"] = UpstreamModel,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = Usage(usage),
    }.ToJsonString();

    /// <summary>Anthropic's input_tokens exclude cache reads, which OpenAI's prompt_tokens include.</summary>
    private static JsonObject Usage(ConformanceUsage usage) => new()
    {
        ["input_tokens"] = usage.Input - usage.CachedInput,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = usage.CachedInput,
        ["output_tokens"] = usage.Output,
    };

    private (string, JsonObject) MessageStart(ConformanceUsage usage) => ("message_start", new JsonObject
    {
        ["type"] = "message_start",
        ["message"] = JsonNode.Parse(Message([], null, usage with { Output = 1 })),
    });

    private static (string, JsonObject) BlockDelta(int index, JsonObject delta) =>
        ("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta });

    private static IEnumerable<(string, JsonObject)> End(int index, string stopReason, int outputTokens) =>
    [
        ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }),
        ("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = outputTokens },
        }),
        ("message_stop", new JsonObject { ["type"] = "message_stop" }),
    ];

    private static string Error(string type, string message) =>
        new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }.ToJsonString();

    private static async Task WriteSseAsync(HttpContext context, IEnumerable<(string Name, JsonObject Data)> events)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        foreach (var (name, data) in events)
        {
            await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}

public sealed class AnthropicConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new AnthropicFake();
}
