using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using ModelGate.Providers.Bedrock.Signing;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Bedrock;

/// <summary>
/// Amazon Bedrock's Converse / ConverseStream wire format (API reference "Converse", "ConverseStream",
/// "ConverseStreamOutput"): JSON responses, event-stream framed streams, <c>{"message"}</c> errors with
/// <c>x-amzn-ErrorType</c>, and SigV4-signed requests.
/// </summary>
public sealed partial class BedrockFake : IProviderFake
{
    private const string Region = "eu-central-1";
    private const string AccessKeyId = "AKIACONFORMANCE";
    private const string SecretAccessKey = "conformance/secret+key";

    public string UpstreamModel => "anthropic.claude-3-5-sonnet-20240620-v1:0";

    public string ProviderYaml(string root) =>
        $"type: bedrock\nbase_url: {root}\nregion: {Region}\naccess_key_id: {AccessKeyId}\nsecret_access_key: {SecretAccessKey}";

    public Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        OpenAiWire.WriteJsonAsync(context, 200, Response(new JsonObject { ["text"] = text }, "end_turn", usage));

    public Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage)
    {
        var frames = new List<byte[]> { EventStreamFrames.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW","role":"assistant"}""") };
        frames.AddRange(pieces.Select(piece => EventStreamFrames.Event("contentBlockDelta",
            new JsonObject { ["contentBlockIndex"] = 0, ["delta"] = new JsonObject { ["text"] = piece }, ["p"] = "abcdefghijk" }.ToJsonString())));
        frames.Add(EventStreamFrames.Event("contentBlockStop", """{"contentBlockIndex":0,"p":"abcdefghijklmnopq"}"""));
        frames.Add(EventStreamFrames.Event("messageStop", """{"p":"abcdefghijklmnopqrstuvwxyzABCDEFGH","stopReason":"end_turn"}"""));
        frames.Add(EventStreamFrames.Event("metadata", new JsonObject { ["metrics"] = new JsonObject { ["latencyMs"] = 540 }, ["p"] = "abcdef", ["usage"] = Usage(usage) }.ToJsonString()));
        return EventStreamFrames.WriteAsync(context, frames);
    }

    public Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        OpenAiWire.WriteJsonAsync(context, 200, Response(
            new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = callId, ["name"] = name, ["input"] = JsonNode.Parse(argumentsJson) } },
            "tool_use", new ConformanceUsage(10, 5)));

    public Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces)
    {
        var frames = new List<byte[]>
        {
            EventStreamFrames.Event("messageStart", """{"role":"assistant"}"""),
            EventStreamFrames.Event("contentBlockStart", new JsonObject
            {
                ["contentBlockIndex"] = 0, ["start"] = new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = callId, ["name"] = name } },
            }.ToJsonString()),
        };
        frames.AddRange(argumentPieces.Select(piece => EventStreamFrames.Event("contentBlockDelta",
            new JsonObject { ["contentBlockIndex"] = 0, ["delta"] = new JsonObject { ["toolUse"] = new JsonObject { ["input"] = piece } } }.ToJsonString())));
        frames.Add(EventStreamFrames.Event("contentBlockStop", """{"contentBlockIndex":0}"""));
        frames.Add(EventStreamFrames.Event("messageStop", """{"stopReason":"tool_use"}"""));
        frames.Add(EventStreamFrames.Event("metadata", new JsonObject { ["usage"] = Usage(new ConformanceUsage(10, 5)), ["metrics"] = new JsonObject { ["latencyMs"] = 300 } }.ToJsonString()));
        return EventStreamFrames.WriteAsync(context, frames);
    }

    public Task WriteRateLimitAsync(HttpContext context, string message) => WriteErrorAsync(context, 429, "ThrottlingException", message);

    public Task WriteBadRequestAsync(HttpContext context, string message) => WriteErrorAsync(context, 400, "ValidationException", message);

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        AssertSigned(request, "converse");
        var body = request.Json;
        Assert.Equal(system, body.GetProperty("system")[0].GetProperty("text").GetString());
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(user, message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(temperature, body.GetProperty("inferenceConfig").GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, body.GetProperty("inferenceConfig").GetProperty("maxTokens").GetInt32());
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        AssertSigned(request, "converse-stream");
        Assert.Equal("application/vnd.amazon.eventstream", request.Headers["accept"]);
    }

    public void AssertToolSent(RecordedRequest request, string name)
    {
        AssertSigned(request, "converse");
        var spec = request.Json.GetProperty("toolConfig").GetProperty("tools")[0].GetProperty("toolSpec");
        Assert.Equal(name, spec.GetProperty("name").GetString());
        Assert.Equal("city", spec.GetProperty("inputSchema").GetProperty("json").GetProperty("required")[0].GetString());
    }

    public void AssertToolResultSent(RecordedRequest request, string callId, string result)
    {
        AssertSigned(request, "converse");
        var messages = request.Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(callId, messages[1].GetProperty("content")[0].GetProperty("toolUse").GetProperty("toolUseId").GetString());
        var toolResult = messages[2].GetProperty("content")[0].GetProperty("toolResult");
        Assert.Equal(callId, toolResult.GetProperty("toolUseId").GetString());
        Assert.Equal(result, toolResult.GetProperty("content")[0].GetProperty("text").GetString());
    }

    public void AssertImageSent(RecordedRequest request, string base64Png)
    {
        AssertSigned(request, "converse");
        var image = request.Json.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Single(block => block.TryGetProperty("image", out _)).GetProperty("image");
        Assert.Equal("png", image.GetProperty("format").GetString());
        Assert.Equal(base64Png, image.GetProperty("source").GetProperty("bytes").GetString());
    }

    public void AssertJsonSchemaSent(RecordedRequest request, string name)
    {
        AssertSigned(request, "converse");
        var toolConfig = request.Json.GetProperty("toolConfig");
        Assert.Equal(name, toolConfig.GetProperty("toolChoice").GetProperty("tool").GetProperty("name").GetString());
        var spec = Assert.Single(toolConfig.GetProperty("tools").EnumerateArray()).GetProperty("toolSpec");
        Assert.Equal(name, spec.GetProperty("name").GetString());
        Assert.False(spec.GetProperty("inputSchema").GetProperty("json").GetProperty("additionalProperties").GetBoolean());
    }

    /// <summary>The path names the model and operation; the SigV4 header is well-formed and matches the request's signature.</summary>
    private void AssertSigned(RecordedRequest request, string operation)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/model/{UpstreamModel}/{operation}", request.Path);
        var authorization = AuthorizationPattern().Match(request.Headers["authorization"]);
        Assert.True(authorization.Success, request.Headers["authorization"]);
        var amzDate = request.Headers["x-amz-date"];
        Assert.Equal($"{AccessKeyId}/{amzDate[..8]}/{Region}/bedrock/aws4_request", authorization.Groups["credential"].Value);
        Assert.Equal("host;x-amz-date", authorization.Groups["signed"].Value);

        var wirePath = $"/model/{Uri.EscapeDataString(UpstreamModel)}/{operation}";
        var time = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var expected = SigV4Signer.Sign("POST", wirePath, [],
            [KeyValuePair.Create("host", request.Headers["host"]), KeyValuePair.Create("x-amz-date", amzDate)],
            SigV4Signer.PayloadHash(request.Body), new AwsCredentials(AccessKeyId, SecretAccessKey), Region, "bedrock", time);
        Assert.Equal(expected.Signature, authorization.Groups["signature"].Value);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<credential>[^,]+), SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    private static async Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/";
        context.Response.Headers["x-amzn-RequestId"] = "3f1c9d2e-0000-4000-8000-000000000000";
        await OpenAiWire.WriteJsonAsync(context, status, new JsonObject { ["message"] = message }.ToJsonString());
    }

    private static string Response(JsonObject block, string stopReason, ConformanceUsage usage) => new JsonObject
    {
        ["output"] = new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(block) } },
        ["stopReason"] = stopReason,
        ["usage"] = Usage(usage),
        ["metrics"] = new JsonObject { ["latencyMs"] = 412 },
    }.ToJsonString();

    /// <summary>Converse reports cache reads beside <c>inputTokens</c>, which counts only the uncached input.</summary>
    private static JsonObject Usage(ConformanceUsage usage) => new()
    {
        ["inputTokens"] = usage.Input - usage.CachedInput,
        ["outputTokens"] = usage.Output,
        ["totalTokens"] = usage.Input + usage.Output,
        ["cacheReadInputTokens"] = usage.CachedInput,
        ["cacheWriteInputTokens"] = 0,
    };
}

public sealed class BedrockConformanceTests : ProviderConformanceTests
{
    protected override IProviderFake Fake { get; } = new BedrockFake();
}
