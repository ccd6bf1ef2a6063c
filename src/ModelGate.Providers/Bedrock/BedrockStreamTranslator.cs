using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Bedrock.EventStream;
using ModelGate.Providers.Bedrock.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>
/// Turns <c>ConverseStream</c> events into OpenAI chunks. The finish reason goes out at <c>messageStop</c>; the
/// usage chunk and the end at <c>metadata</c>, which Bedrock sends after it. A stream that closes after
/// <c>messageStop</c> but without <c>metadata</c> still ends well; one that closes before it is a failure.
/// </summary>
public sealed class BedrockStreamTranslator(string provider, ConverseCallShape shape, OpenAiChunkWriter writer)
{
    private readonly HashSet<int> toolBlocks = [];
    private readonly Dictionary<int, (StringBuilder Text, string? Signature)> reasoningBlocks = [];
    private bool stopped;

    /// <returns>True when the stream is over (done or failed).</returns>
    public bool Translate(EventStreamMessage message, Queue<StreamEvent> output)
    {
        if (message.MessageType != "event")
        {
            output.Enqueue(StreamEvent.Failed(BedrockErrors.StreamException(provider, message)));
            return true;
        }

        ConverseStreamEvent? payload;
        try
        {
            payload = JsonSerializer.Deserialize(message.Payload, BedrockWireContext.Default.ConverseStreamEvent);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null)
        {
            output.Enqueue(StreamEvent.Failed(GatewayErrors.Upstream(provider, $"the stream sent a '{message.EventType}' event that is not JSON")));
            return true;
        }

        switch (message.EventType)
        {
            case "contentBlockStart" when payload.Start?.ToolUse is { } tool:
                toolBlocks.Add(payload.ContentBlockIndex);
                if (!shape.JsonMode)
                {
                    output.Enqueue(writer.ToolCallStart(Key(payload.ContentBlockIndex), tool.ToolUseId, tool.Name));
                }

                break;
            case "contentBlockDelta" when payload.Delta is { } delta:
                return Delta(payload.ContentBlockIndex, delta, output);
            case "contentBlockStop":
                if (reasoningBlocks.Remove(payload.ContentBlockIndex, out var thought) && thought.Signature is { } signature)
                {
                    output.Enqueue(writer.ThinkingBlock(BedrockToOpenAi.ThinkingBlock(thought.Text.ToString(), signature)));
                }

                break;
            case "messageStop":
                stopped = true;
                output.Enqueue(writer.Finish(BedrockToOpenAi.FinishReason(payload.StopReason, shape)));
                break;
            case "metadata" when stopped:
                output.Enqueue(writer.Usage(BedrockToOpenAi.Usage(payload.Usage)));
                output.Enqueue(StreamEvent.Done);
                return true;
        }

        return false;
    }

    /// <summary>The provider closed the stream.</summary>
    public void Complete(Queue<StreamEvent> output) =>
        output.Enqueue(stopped ? StreamEvent.Done : StreamEvent.Failed(GatewayErrors.Upstream(provider, "the stream ended before messageStop")));

    private bool Delta(int index, ConverseBlockDelta delta, Queue<StreamEvent> output)
    {
        if (delta.Text is { Length: > 0 } text)
        {
            output.Enqueue(writer.Text(text));
        }
        else if (delta.ToolUse is { } tool)
        {
            if (!toolBlocks.Contains(index))
            {
                output.Enqueue(StreamEvent.Failed(GatewayErrors.Upstream(provider, $"the stream sent tool input for block {index}, which did not start as a tool call")));
                return true;
            }

            if (tool.Input.Length > 0)
            {
                output.Enqueue(shape.JsonMode ? writer.Text(tool.Input) : writer.ToolCallArguments(Key(index), tool.Input));
            }
        }
        else if (delta.ReasoningContent is { } reasoning)
        {
            var block = reasoningBlocks.TryGetValue(index, out var known) ? known : (new StringBuilder(), null);
            if (reasoning.Text is { Length: > 0 } thinking)
            {
                block.Text.Append(thinking);
                output.Enqueue(writer.Reasoning(thinking));
            }

            reasoningBlocks[index] = (block.Text, reasoning.Signature ?? block.Signature);
        }

        return false;
    }

    private static string Key(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
