using System.ClientModel;
using System.Text;
using System.Text.Json;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Chat;

namespace ModelGate.Server.Tests.Chat;

/// <summary>OpenAI in, OpenAI-compatible out: the body is forwarded with only <c>model</c> rewritten.</summary>
public sealed class PassThroughTests : UpstreamTestBase
{
    [Fact]
    public async Task Official_sdk_gets_the_upstream_completion()
    {
        ChatCompletion completion = await Gateway.ChatClient("gpt").CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Say hi")]);

        Assert.Equal("Hi from upstream", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(19, completion.Usage.InputTokenCount);
        Assert.Equal(3, completion.Usage.InputTokenDetails.CachedTokenCount);
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("gpt-4o-mini", sent.Json.GetProperty("model").GetString());
        Assert.Equal("Be brief.", sent.Json.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal($"Bearer {UpstreamConfig.ProviderKey}", sent.Headers["authorization"]);
    }

    [Fact]
    public async Task Body_reaches_upstream_byte_for_byte_except_model()
    {
        const string body = """{ "model" : "gpt", "messages":[{"role":"user","content":"héllo \u00e9"}], "x_vendor_field": {"nested":[1, 2.50, null]}, "temperature":0.2 }""";

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(body.Replace("\"gpt\"", "\"gpt-4o-mini\""), Upstream.LastRequest.BodyText);
        Assert.Equal(OpenAiWire.Completion("Hi from upstream"), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_id_is_on_every_response_and_sent_upstream()
    {
        var ok = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt")));
        var id = Assert.Single(ok.Headers.GetValues("x-request-id"));
        Assert.Equal(id, Upstream.LastRequest.Headers["x-request-id"]);

        using var own = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("gpt")) };
        own.Headers.Add("x-request-id", "trace-42.a:b_c");
        var kept = await Gateway.Http.SendAsync(own);
        Assert.Equal("trace-42.a:b_c", Assert.Single(kept.Headers.GetValues("x-request-id")));

        var error = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json("{"));
        Assert.Single(error.Headers.GetValues("x-request-id"));
        var notFound = await Gateway.Http.GetAsync("v1/nothing-here");
        Assert.Single(notFound.Headers.GetValues("x-request-id"));
    }

    [Fact]
    public async Task Streaming_relays_every_chunk_and_hides_the_usage_chunk_the_client_did_not_ask_for()
    {
        Upstream.Handler = (context, request) =>
        {
            Assert.True(request.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            return OpenAiWire.WriteSseAsync(context,
                [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("Hel"), OpenAiWire.Chunk("lo"), OpenAiWire.Chunk(null, finishReason: "stop"), OpenAiWire.UsageChunk]);
        };

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(ChatBodies.Simple("gpt", stream: true)));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = ChatBodies.SseData(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("Hel"), OpenAiWire.Chunk("lo"), OpenAiWire.Chunk(null, finishReason: "stop"), "[DONE]"],
            events);
    }

    [Fact]
    public async Task Streaming_shows_the_usage_chunk_when_the_client_asked_for_it()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context, [OpenAiWire.Chunk("Hi"), OpenAiWire.UsageChunk]);
        var body = ChatBodies.Simple("gpt", stream: true, extra: ""","stream_options":{"include_usage":true}""");

        var response = await Gateway.Http.PostAsync("v1/chat/completions", ChatBodies.Json(body));

        Assert.Equal([OpenAiWire.Chunk("Hi"), OpenAiWire.UsageChunk, "[DONE]"], ChatBodies.SseData(await response.Content.ReadAsStringAsync()));
        Assert.Equal(body.Replace("\"gpt\"", "\"gpt-4o-mini\""), Upstream.LastRequest.BodyText);
    }

    [Fact]
    public async Task Official_sdk_streams_text_and_usage()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context,
            [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("Str"), OpenAiWire.Chunk("eamed"), OpenAiWire.Chunk(null, finishReason: "stop"), OpenAiWire.UsageChunk]);

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Gateway.ChatClient("gpt").CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("Streamed", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(29, usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Official_sdk_round_trips_tool_calls()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.ToolCallCompletion);
        var tool = ChatTool.CreateFunctionTool("get_current_weather", "Weather for a place",
            BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice(), AllowParallelToolCalls = true };

        ChatCompletion completion = await Gateway.ChatClient("gpt").CompleteChatAsync([new UserChatMessage("Weather in Boston?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("call_abc123", call.Id);
        Assert.Equal("get_current_weather", call.FunctionName);
        Assert.Equal("Boston, MA", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("location").GetString());
        var sent = Upstream.LastRequest.Json;
        Assert.Equal("get_current_weather", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("required", sent.GetProperty("tool_choice").GetString());
        Assert.True(sent.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public async Task Official_sdk_reassembles_streamed_tool_call_arguments()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteSseAsync(context, OpenAiWire.ToolCallChunks());
        var tool = ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{}}"""));

        var arguments = new StringBuilder();
        string? id = null, name = null;
        await foreach (var update in Gateway.ChatClient("gpt").CompleteChatStreamingAsync([new UserChatMessage("Paris?")], new ChatCompletionOptions { Tools = { tool } }))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("call_DdmO9pD3xa9XTPNJ32zg2hcA", id);
        Assert.Equal("get_weather", name);
        Assert.Equal("""{"location":"Paris"}""", arguments.ToString());
    }

    [Fact]
    public async Task Structured_output_fields_pass_through()
    {
        var schema = BinaryData.FromString("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("reply", schema, jsonSchemaIsStrict: true),
            Temperature = 0.1f,
        };

        await Gateway.ChatClient("gpt").CompleteChatAsync([new UserChatMessage("Answer in JSON")], options);

        var format = Upstream.LastRequest.Json.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal("reply", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal(0.1, Upstream.LastRequest.Json.GetProperty("temperature").GetDouble(), precision: 3);
    }

    [Fact]
    public async Task Mock_provider_answers_the_official_sdk()
    {
        ChatCompletion completion = await Gateway.ChatClient("demo").CompleteChatAsync([new UserChatMessage("echo me")]);

        Assert.Equal("echo me", completion.Content[0].Text);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Sdk_sees_upstream_client_errors_with_their_status()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 400,
            OpenAiWire.Error("Invalid value for 'temperature'.", "invalid_request_error", "temperature", "invalid_value"));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("gpt").CompleteChatAsync([new UserChatMessage("x")]));

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature", error.Message);
    }
}
