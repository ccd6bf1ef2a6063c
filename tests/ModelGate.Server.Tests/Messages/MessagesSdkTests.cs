using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Messages;

/// <summary>
/// The official Anthropic .NET SDK drives <c>POST /v1/messages</c> against an Anthropic-format upstream (translated there
/// and back) and an OpenAI-format upstream: text, streams, tools, images, thinking.
/// </summary>
public sealed class MessagesSdkTests : MessagesTestBase
{
    private static readonly ConformanceUsage Usage = new(Input: 21, Output: 9, CachedInput: 4);

    [Fact]
    public async Task Plain_message_from_an_anthropic_upstream()
    {
        Upstream.Handler = (context, _) => AnthropicWire.WriteTextAsync(context, "Hello from Claude", Usage);

        var message = await Sdk().Messages.Create(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 300,
            System = "You are terse.",
            Messages = [new UserMessageParam("Say hello")],
        });

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello from Claude", text.Text);
        // Passed through from an Anthropic provider: the message is the provider's own, naming its model.
        Assert.Equal(AnthropicWire.UpstreamModel, message.Model.Raw());
        Assert.Equal("end_turn", message.StopReason!.Raw());
        Assert.Equal(Usage.Input - Usage.CachedInput, message.Usage.InputTokens);
        Assert.Equal(Usage.CachedInput, message.Usage.CacheReadInputTokens);
        Assert.Equal(Usage.Output, message.Usage.OutputTokens);
        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);

        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal("You are terse.", sent.Json.GetProperty("system").GetString());
        Assert.Equal(300, sent.Json.GetProperty("max_tokens").GetInt32());
        Assert.Equal(AnthropicWire.UpstreamModel, sent.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Plain_message_from_an_openai_upstream()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("Hi from upstream"));

        var message = await Sdk().Messages.Create(new MessageCreateParams
        {
            Model = Gpt,
            MaxTokens = 100,
            Messages = [new UserMessageParam("Say hello")],
        });

        Assert.True(message.Content.Single().TryPickText(out var text));
        Assert.Equal("Hi from upstream", text.Text);
        Assert.Equal(Gpt, message.Model.Raw());
        Assert.Equal("end_turn", message.StopReason!.Raw());
        // OpenAiWire.Usage: 19 prompt tokens of which 3 cached, 10 completion tokens.
        Assert.Equal(16, message.Usage.InputTokens);
        Assert.Equal(3, message.Usage.CacheReadInputTokens);
        Assert.Equal(10, message.Usage.OutputTokens);

        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("gpt-4o-mini", sent.Json.GetProperty("model").GetString());
        Assert.Equal(100, sent.Json.GetProperty("max_completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(Claude)]
    [InlineData(Gpt)]
    public async Task Streaming_text_with_usage(string model)
    {
        Upstream.Handler = model == Claude
            ? (context, _) => AnthropicWire.WriteTextStreamAsync(context, ["Hel", "lo, ", "stream"], Usage)
            : (context, _) => OpenAiWire.WriteSseAsync(context,
                [OpenAiWire.Chunk(null, role: "assistant"), OpenAiWire.Chunk("Hel"), OpenAiWire.Chunk("lo, "), OpenAiWire.Chunk("stream"),
                    OpenAiWire.Chunk(null, finishReason: "stop"), OpenAiWire.UsageChunk]);

        var text = new StringBuilder();
        string? stopReason = null;
        long? outputTokens = null;
        var types = new List<string>();
        await foreach (var streamEvent in Sdk().Messages.CreateStreaming(new MessageCreateParams
        {
            Model = model,
            MaxTokens = 100,
            Messages = [new UserMessageParam("Stream please")],
        }))
        {
            types.Add(streamEvent.Json.GetProperty("type").GetString()!);
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }

            if (streamEvent.TryPickDelta(out var messageDelta))
            {
                stopReason = messageDelta.Delta.StopReason?.Raw();
                outputTokens = messageDelta.Usage.OutputTokens;
            }
        }

        Assert.Equal("Hello, stream", text.ToString());
        Assert.Equal("end_turn", stopReason);
        Assert.Equal(model == Claude ? Usage.Output : 10, outputTokens);
        Assert.Equal("message_start", types[0]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], types[^3..]);
        Assert.True(Upstream.LastRequest.Json.GetProperty("stream").GetBoolean());
    }

    [Theory]
    [InlineData(Claude)]
    [InlineData(Gpt)]
    public async Task Tool_use_and_tool_result_round_trip(string model)
    {
        Upstream.Handler = model == Claude
            ? (context, _) => AnthropicWire.WriteToolCallAsync(context, "toolu_01A09q90qw90lq917835lq9", "get_weather", """{"city":"Paris"}""")
            : (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.ToolCallCompletion);
        var client = Sdk();

        var first = await client.Messages.Create(new MessageCreateParams
        {
            Model = model,
            MaxTokens = 200,
            Messages = [new UserMessageParam("Weather in Paris?")],
            Tools = [AnthropicTools.Weather],
        });

        Assert.Equal("tool_use", first.StopReason!.Raw());
        Assert.True(first.Content.Single().TryPickToolUse(out var call));
        var expectedName = model == Claude ? "get_weather" : "get_current_weather";
        Assert.Equal(expectedName, call.Name);
        Assert.Equal(model == Claude ? "Paris" : "Boston, MA", call.Input.Values.Single().GetString());
        var sentTool = Upstream.LastRequest.Json.GetProperty("tools")[0];
        Assert.Equal("city", model == Claude
            ? sentTool.GetProperty("input_schema").GetProperty("required")[0].GetString()
            : sentTool.GetProperty("function").GetProperty("parameters").GetProperty("required")[0].GetString());

        Upstream.Handler = model == Claude
            ? (context, _) => AnthropicWire.WriteTextAsync(context, "Sunny", Usage)
            : (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("Sunny"));
        var second = await client.Messages.Create(new MessageCreateParams
        {
            Model = model,
            MaxTokens = 200,
            Tools = [AnthropicTools.Weather],
            Messages =
            [
                new UserMessageParam("Weather in Paris?"),
                new AssistantMessageParam(new List<ContentBlockParam>
                {
                    new ToolUseBlockParam { ID = call.ID, Name = call.Name, Input = call.Input },
                }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(call.ID) { Content = "18°C and sunny" } }),
            ],
        });

        Assert.True(second.Content.Single().TryPickText(out var answer));
        Assert.Equal("Sunny", answer.Text);
        var sent = Upstream.LastRequest.Json.GetProperty("messages");
        if (model == Claude)
        {
            Assert.Equal(call.ID, sent[1].GetProperty("content")[0].GetProperty("id").GetString());
            var result = sent[2].GetProperty("content")[0];
            Assert.Equal("tool_result", result.GetProperty("type").GetString());
            Assert.Equal(call.ID, result.GetProperty("tool_use_id").GetString());
            Assert.Contains("18°C and sunny", result.GetProperty("content").GetRawText(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(call.ID, sent[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
            Assert.Equal("tool", sent[2].GetProperty("role").GetString());
            Assert.Equal(call.ID, sent[2].GetProperty("tool_call_id").GetString());
            Assert.Equal("18°C and sunny", sent[2].GetProperty("content").GetString());
        }
    }

    [Theory]
    [InlineData(Claude)]
    [InlineData(Gpt)]
    public async Task Streamed_tool_call_arguments_arrive_as_input_json_deltas(string model)
    {
        Upstream.Handler = model == Claude
            ? (context, _) => AnthropicWire.WriteToolCallStreamAsync(context, "toolu_01", "get_weather", ["{\"ci", "ty\":\"Par", "is\"}"])
            : (context, _) => OpenAiWire.WriteSseAsync(context, [.. OpenAiWire.ToolCallChunks(), OpenAiWire.UsageChunk]);

        var json = new StringBuilder();
        string? name = null, stopReason = null;
        await foreach (var streamEvent in Sdk().Messages.CreateStreaming(new MessageCreateParams
        {
            Model = model,
            MaxTokens = 100,
            Messages = [new UserMessageParam("Weather?")],
            Tools = [AnthropicTools.Weather],
        }))
        {
            if (streamEvent.TryPickContentBlockStart(out var start) && start.ContentBlock.TryPickToolUse(out var toolUse))
            {
                name = toolUse.Name;
            }

            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickInputJson(out var piece))
            {
                json.Append(piece.PartialJson);
            }

            if (streamEvent.TryPickDelta(out var messageDelta))
            {
                stopReason = messageDelta.Delta.StopReason?.Raw();
            }
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("tool_use", stopReason);
        var input = JsonDocument.Parse(json.ToString()).RootElement;
        Assert.Equal("Paris", input.EnumerateObject().Single().Value.GetString());
    }

    [Theory]
    [InlineData(Claude)]
    [InlineData(Gpt)]
    public async Task Base64_image_reaches_the_upstream(string model)
    {
        Upstream.Handler = model == Claude
            ? (context, _) => AnthropicWire.WriteTextAsync(context, "A pixel", Usage)
            : (context, _) => OpenAiWire.WriteJsonAsync(context, 200, OpenAiWire.Completion("A pixel"));

        var message = await Sdk().Messages.Create(new MessageCreateParams
        {
            Model = model,
            MaxTokens = 100,
            Messages =
            [
                new UserMessageParam(new List<ContentBlockParam>
                {
                    new TextBlockParam("What is this?"),
                    new ImageBlockParam(new Base64ImageSource { Data = OnePixelPng, MediaType = MediaType.ImagePng }),
                }),
            ],
        });

        Assert.True(message.Content.Single().TryPickText(out var text));
        Assert.Equal("A pixel", text.Text);
        if (model == Claude)
        {
            AnthropicWire.AssertImageSent(Upstream.LastRequest, OnePixelPng);
        }
        else
        {
            var part = Upstream.LastRequest.Json.GetProperty("messages")[0].GetProperty("content")[1];
            Assert.Equal("image_url", part.GetProperty("type").GetString());
            Assert.Equal("data:image/png;base64," + OnePixelPng, part.GetProperty("image_url").GetProperty("url").GetString());
        }
    }

    private const string Signature = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds/7ZfBzA";

    [Fact]
    public async Task Thinking_with_its_signature_survives_the_round_trip_to_an_anthropic_upstream()
    {
        Upstream.Handler = (context, _) => OpenAiWire.WriteJsonAsync(context, 200, $$$"""
            {"id":"msg_01Thinking","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"Six times seven.","signature":"{{{Signature}}}"},{"type":"text","text":"42"}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":30}}
            """);
        var client = Sdk();

        var first = await client.Messages.Create(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 2048,
            Thinking = new ThinkingConfigEnabled(1024),
            Messages = [new UserMessageParam("6 × 7?")],
        });

        Assert.True(first.Content[0].TryPickThinking(out var thinking));
        Assert.Equal("Six times seven.", thinking.Thinking);
        Assert.Equal(Signature, thinking.Signature);
        Assert.Equal("msg_01Thinking", first.ID);
        var sentThinking = Upstream.LastRequest.Json.GetProperty("thinking");
        Assert.Equal("enabled", sentThinking.GetProperty("type").GetString());
        Assert.Equal(1024, sentThinking.GetProperty("budget_tokens").GetInt32());

        await client.Messages.Create(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 2048,
            Thinking = new ThinkingConfigEnabled(1024),
            Messages =
            [
                new UserMessageParam("6 × 7?"),
                new AssistantMessageParam(new List<ContentBlockParam>
                {
                    new ThinkingBlockParam { Thinking = thinking.Thinking, Signature = thinking.Signature },
                    new TextBlockParam("42"),
                }),
                new UserMessageParam("And 6 × 8?"),
            ],
        });

        var block = Upstream.LastRequest.Json.GetProperty("messages")[1].GetProperty("content")[0];
        Assert.Equal("""{"type":"thinking","thinking":"Six times seven.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds/7ZfBzA"}""", block.GetRawText());
    }

    [Fact]
    public async Task Streamed_thinking_keeps_its_signature()
    {
        Upstream.Handler = (context, _) => WriteAnthropicSseAsync(context,
        [
            """{"type":"message_start","message":{"id":"msg_01S","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Six times "}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"seven."}}""",
            $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"{{{Signature}}}"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"42"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":30}}""",
            """{"type":"message_stop"}""",
        ]);

        var thinking = new StringBuilder();
        var text = new StringBuilder();
        string? signature = null;
        await foreach (var streamEvent in Sdk().Messages.CreateStreaming(new MessageCreateParams
        {
            Model = Claude,
            MaxTokens = 2048,
            Thinking = new ThinkingConfigEnabled(1024),
            Messages = [new UserMessageParam("6 × 7?")],
        }))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta))
            {
                if (delta.Delta.TryPickThinking(out var piece))
                {
                    thinking.Append(piece.Thinking);
                }
                else if (delta.Delta.TryPickSignature(out var signed))
                {
                    signature = signed.Signature;
                }
                else if (delta.Delta.TryPickText(out var textPiece))
                {
                    text.Append(textPiece.Text);
                }
            }
        }

        Assert.Equal("Six times seven.", thinking.ToString());
        Assert.Equal(Signature, signature);
        Assert.Equal("42", text.ToString());
    }
}
