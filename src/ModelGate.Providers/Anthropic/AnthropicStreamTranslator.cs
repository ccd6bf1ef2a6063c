using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// Translates an Anthropic Messages stream into OpenAI chunks: text deltas to <c>content</c>, tool_use blocks
/// and their <c>input_json_delta</c> pieces to <c>tool_calls</c> deltas, thinking deltas to
/// <c>reasoning_content</c>, and each finished (signed) thinking block to one <c>thinking_blocks</c> delta.
/// <c>message_stop</c> yields the finish chunk, the usage chunk and Done; a stream that ends without it fails.
/// Shared by the <c>anthropic</c> provider and Claude on Vertex AI.
/// </summary>
public sealed class AnthropicStreamTranslator(string provider, string model, long created) : IStreamTranslator
{
    private readonly Dictionary<int, Block> blocks = [];
    private OpenAiChunkWriter? writer;
    private string? stopReason;
    private int inputTokens, outputTokens, cacheRead, cacheCreation;
    private bool answeredAsJson, finished;

    public void Translate(SseEvent providerEvent, Queue<StreamEvent> output)
    {
        AnthropicStreamEvent? e;
        try
        {
            e = JsonSerializer.Deserialize(providerEvent.Data.Span, AnthropicWireContext.Default.AnthropicStreamEvent);
        }
        catch (JsonException)
        {
            e = null;
        }

        if (e is null)
        {
            output.Enqueue(Fail("the stream sent an event that is not JSON"));
            return;
        }

        if (e.Type == "error")
        {
            output.Enqueue(StreamEvent.Failed(AnthropicErrors.InBand(provider, e.Error)));
            return;
        }

        if (e.Type == "message_start")
        {
            writer = new OpenAiChunkWriter(e.Message?.Id ?? "", model, created);
            ReadUsage(e.Message?.Usage);
            return;
        }

        if (writer is null)
        {
            if (e.Type != "ping")
            {
                output.Enqueue(Fail($"the stream sent '{e.Type}' before message_start"));
            }

            return;
        }

        switch (e.Type)
        {
            case "content_block_start" when e.Index is { } index && e.ContentBlock is { } block:
                Start(writer, index, block, output);
                break;
            case "content_block_delta" when e.Index is { } index && e.Delta is { } delta && blocks.TryGetValue(index, out var open):
                Delta(writer, open, delta, output);
                break;
            case "content_block_stop" when e.Index is { } index && blocks.Remove(index, out var closed) && closed.ThinkingBlock() is { } thinking:
                output.Enqueue(writer.ThinkingBlock(thinking));
                break;
            case "message_delta":
                stopReason = e.Delta?.StopReason ?? stopReason;
                ReadUsage(e.Usage);
                break;
            case "message_stop":
                Finish(writer, output);
                break;
        }
    }

    public void Complete(Queue<StreamEvent> output)
    {
        if (!finished)
        {
            output.Enqueue(Fail("the stream ended before message_stop"));
        }
    }

    private void Start(OpenAiChunkWriter chunks, int index, AnthropicContentBlock block, Queue<StreamEvent> output)
    {
        var key = index.ToString(CultureInfo.InvariantCulture);
        var opened = new Block(block.Type switch
        {
            "tool_use" when block.Name == OpenAiToAnthropic.JsonObjectTool => BlockKind.Json,
            "text" => BlockKind.Text,
            "tool_use" => BlockKind.ToolCall,
            "thinking" => BlockKind.Thinking,
            "redacted_thinking" => BlockKind.RedactedThinking,
            _ => BlockKind.Other,
        }, key, block);
        blocks[index] = opened;
        switch (opened.Kind)
        {
            case BlockKind.Text when !string.IsNullOrEmpty(block.Text):
                output.Enqueue(chunks.Text(block.Text));
                break;
            case BlockKind.ToolCall:
                output.Enqueue(chunks.ToolCallStart(key, block.Id ?? "", block.Name ?? ""));
                break;
            case BlockKind.Json:
                answeredAsJson = true;
                break;
            case BlockKind.Thinking when !string.IsNullOrEmpty(block.Thinking):
                opened.Thinking.Append(block.Thinking);
                output.Enqueue(chunks.Reasoning(block.Thinking));
                break;
        }
    }

    private static void Delta(OpenAiChunkWriter chunks, Block block, AnthropicStreamDelta delta, Queue<StreamEvent> output)
    {
        switch (delta.Type)
        {
            case "text_delta" when !string.IsNullOrEmpty(delta.Text):
                output.Enqueue(chunks.Text(delta.Text));
                break;
            case "input_json_delta" when !string.IsNullOrEmpty(delta.PartialJson):
                if (block.Kind == BlockKind.Json)
                {
                    output.Enqueue(chunks.Text(delta.PartialJson));
                }
                else if (block.Kind == BlockKind.ToolCall)
                {
                    output.Enqueue(chunks.ToolCallArguments(block.Key, delta.PartialJson));
                }

                break;
            case "thinking_delta" when !string.IsNullOrEmpty(delta.Thinking):
                block.Thinking.Append(delta.Thinking);
                output.Enqueue(chunks.Reasoning(delta.Thinking));
                break;
            case "signature_delta":
                block.Signature = delta.Signature;
                break;
        }
    }

    private void Finish(OpenAiChunkWriter chunks, Queue<StreamEvent> output)
    {
        var finish = AnthropicMapping.FinishReason(stopReason);
        if (answeredAsJson && !chunks.HasToolCalls && finish == FinishReasons.ToolCalls)
        {
            finish = FinishReasons.Stop;
        }

        output.Enqueue(chunks.Finish(finish));
        output.Enqueue(chunks.Usage(AnthropicMapping.Usage(inputTokens, outputTokens, cacheRead, cacheCreation)));
        output.Enqueue(StreamEvent.Done);
        finished = true;
    }

    /// <summary>message_start carries the input counts; message_delta the cumulative output (and, lately, input) counts.</summary>
    private void ReadUsage(AnthropicUsage? usage)
    {
        inputTokens = usage?.InputTokens ?? inputTokens;
        outputTokens = usage?.OutputTokens ?? outputTokens;
        cacheRead = usage?.CacheReadInputTokens ?? cacheRead;
        cacheCreation = usage?.CacheCreationInputTokens ?? cacheCreation;
    }

    private StreamEvent Fail(string detail) => StreamEvent.Failed(GatewayErrors.Upstream(provider, detail));

    private enum BlockKind
    {
        Text,
        ToolCall,
        Json,
        Thinking,
        RedactedThinking,
        Other,
    }

    /// <summary>An open content block; thinking blocks collect their text and signature until they close.</summary>
    private sealed class Block(BlockKind kind, string key, AnthropicContentBlock start)
    {
        public BlockKind Kind => kind;

        public string Key => key;

        public StringBuilder Thinking { get; } = new();

        public string? Signature { get; set; } = start.Signature;

        public JsonElement? ThinkingBlock() => kind switch
        {
            BlockKind.Thinking => JsonSerializer.SerializeToElement(
                new AnthropicContentBlock { Type = "thinking", Thinking = Thinking.ToString(), Signature = Signature },
                AnthropicWireContext.Default.AnthropicContentBlock),
            BlockKind.RedactedThinking => JsonSerializer.SerializeToElement(start, AnthropicWireContext.Default.AnthropicContentBlock),
            _ => null,
        };
    }
}
