using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Conformance.Gemini;

/// <summary>
/// Gemini's <c>generateContent</c> wire format, shared by the Gemini API and Vertex AI
/// (ai.google.dev/api/generate-content; cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference):
/// <c>GenerateContentResponse</c> bodies, <c>alt=sse</c> streams with CRLF-separated events and no end marker,
/// Google error bodies. Subclasses say where the model lives and how calls are authorised.
/// </summary>
public abstract class GeminiWireFake : IProviderFake
{
    public string UpstreamModel => "gemini-2.5-flash";

    /// <summary>The request path of the model resource, before <c>:generateContent</c>.</summary>
    protected abstract string ModelPath { get; }

    public abstract string ProviderYaml(string root);

    protected abstract void AssertAuthorised(RecordedRequest request);

    public virtual Task WriteTextAsync(HttpContext context, string text, ConformanceUsage usage) =>
        OpenAiWire.WriteJsonAsync(context, 200, Response([new JsonObject { ["text"] = text }], "STOP", usage).ToJsonString());

    public virtual Task WriteTextStreamAsync(HttpContext context, IReadOnlyList<string> pieces, ConformanceUsage usage) =>
        WriteSseAsync(context, pieces.Select((piece, i) => Response(
            [new JsonObject { ["text"] = piece }],
            i == pieces.Count - 1 ? "STOP" : null,
            i == pieces.Count - 1 ? usage : null)));

    public virtual Task WriteToolCallAsync(HttpContext context, string callId, string name, string argumentsJson) =>
        OpenAiWire.WriteJsonAsync(context, 200, Response([FunctionCall(name, argumentsJson)], "STOP", new ConformanceUsage(10, 5)).ToJsonString());

    /// <summary>Gemini sends a function call whole, so the pieces arrive joined in one event.</summary>
    public virtual Task WriteToolCallStreamAsync(HttpContext context, string callId, string name, IReadOnlyList<string> argumentPieces) =>
        WriteSseAsync(context,
        [
            Response([FunctionCall(name, string.Concat(argumentPieces))], null, null),
            Response([new JsonObject { ["text"] = "" }], "STOP", new ConformanceUsage(10, 5)),
        ]);

    public virtual Task WriteRateLimitAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 429, Error(429, message, "RESOURCE_EXHAUSTED"));

    public virtual Task WriteBadRequestAsync(HttpContext context, string message) =>
        OpenAiWire.WriteJsonAsync(context, 400, Error(400, message, "INVALID_ARGUMENT"));

    public void AssertTextRequest(RecordedRequest request, string system, string user, double temperature, int maxTokens)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal($"{ModelPath}:generateContent", request.Path);
        AssertAuthorised(request);
        var body = request.Json;
        Assert.Equal(system, body.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        var content = body.GetProperty("contents")[0];
        Assert.Equal("user", content.GetProperty("role").GetString());
        Assert.Equal(user, content.GetProperty("parts")[0].GetProperty("text").GetString());
        var generation = body.GetProperty("generationConfig");
        Assert.Equal(temperature, generation.GetProperty("temperature").GetDouble(), precision: 3);
        Assert.Equal(maxTokens, generation.GetProperty("maxOutputTokens").GetInt32());
    }

    public void AssertStreamRequest(RecordedRequest request)
    {
        Assert.Equal($"{ModelPath}:streamGenerateContent", request.Path);
        Assert.Equal("?alt=sse", request.Query);
        AssertAuthorised(request);
    }

    public void AssertToolSent(RecordedRequest request, string name)
    {
        var function = request.Json.GetProperty("tools")[0].GetProperty("functionDeclarations")[0];
        Assert.Equal(name, function.GetProperty("name").GetString());
        Assert.Equal("city", function.GetProperty("parametersJsonSchema").GetProperty("required")[0].GetString());
    }

    /// <summary>Gemini has no call ids: the result names the function of the call it answers, in a user turn after the model's call.</summary>
    public void AssertToolResultSent(RecordedRequest request, string callId, string result)
    {
        var contents = request.Json.GetProperty("contents").EnumerateArray().ToList();
        var call = contents[1].GetProperty("parts")[0].GetProperty("functionCall");
        Assert.Equal("model", contents[1].GetProperty("role").GetString());
        var response = contents[2].GetProperty("parts")[0].GetProperty("functionResponse");
        Assert.Equal("user", contents[2].GetProperty("role").GetString());
        Assert.Equal(call.GetProperty("name").GetString(), response.GetProperty("name").GetString());
        Assert.Equal(result, response.GetProperty("response").GetProperty("content").GetString());
        Assert.False(string.IsNullOrEmpty(callId));
    }

    public void AssertImageSent(RecordedRequest request, string base64Png)
    {
        var parts = request.Json.GetProperty("contents")[0].GetProperty("parts").EnumerateArray();
        var image = parts.Single(p => p.TryGetProperty("inlineData", out _)).GetProperty("inlineData");
        Assert.Equal("image/png", image.GetProperty("mimeType").GetString());
        Assert.Equal(base64Png, image.GetProperty("data").GetString());
    }

    /// <summary>Gemini's structured output has no schema name: the schema itself is checked.</summary>
    public void AssertJsonSchemaSent(RecordedRequest request, string name)
    {
        var generation = request.Json.GetProperty("generationConfig");
        Assert.Equal("application/json", generation.GetProperty("responseMimeType").GetString());
        Assert.Equal(name, generation.GetProperty("responseJsonSchema").GetProperty("required")[0].GetString());
    }

    private JsonObject Response(JsonArray parts, string? finishReason, ConformanceUsage? usage)
    {
        var candidate = new JsonObject { ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" }, ["index"] = 0 };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        var response = new JsonObject { ["candidates"] = new JsonArray(candidate) };
        if (usage is not null)
        {
            response["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = usage.Input,
                ["candidatesTokenCount"] = usage.Output,
                ["totalTokenCount"] = usage.Input + usage.Output,
                ["cachedContentTokenCount"] = usage.CachedInput,
            };
        }

        response["modelVersion"] = UpstreamModel;
        response["responseId"] = "conf-response-1";
        return response;
    }

    private static JsonObject FunctionCall(string name, string argumentsJson) =>
        new() { ["functionCall"] = new JsonObject { ["name"] = name, ["args"] = JsonNode.Parse(argumentsJson) } };

    private static string Error(int code, string message, string status) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } }.ToJsonString();

    private static async Task WriteSseAsync(HttpContext context, IEnumerable<JsonObject> events)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        foreach (var data in events)
        {
            await context.Response.WriteAsync($"data: {data.ToJsonString()}\r\n\r\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
