using System.Text;
using System.Text.Json;
using ModelGate.Core.Usage;
using ModelGate.Providers.Bedrock.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Bedrock;

/// <summary>Translates a <c>Converse</c> response into an OpenAI <c>chat.completion</c>.</summary>
public static class BedrockToOpenAi
{
    /// <param name="id">Converse responses carry no id, so the caller makes one from the request id.</param>
    public static (byte[] Body, TokenUsage Usage) Translate(ConverseResponse response, ConverseCallShape shape, string id, string model, long created)
    {
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var thinkingBlocks = new List<JsonElement>();
        var toolCalls = new List<OpenAiToolCall>();
        foreach (var block in response.Output?.Message?.Content ?? [])
        {
            if (block.Text is { } piece)
            {
                text.Append(piece);
            }
            else if (block.ToolUse is { } toolUse && shape.JsonMode)
            {
                text.Append(toolUse.Input.GetRawText());
            }
            else if (block.ToolUse is { } call)
            {
                toolCalls.Add(new OpenAiToolCall
                {
                    Id = call.ToolUseId, Type = "function",
                    Function = new OpenAiFunctionCall { Name = call.Name, Arguments = call.Input.GetRawText() },
                });
            }
            else if (block.ReasoningContent?.ReasoningText is { } thought)
            {
                reasoning.Append(thought.Text);
                if (thought.Signature is { } signature)
                {
                    thinkingBlocks.Add(ThinkingBlock(thought.Text, signature));
                }
            }
        }

        var usage = Usage(response.Usage);
        var completion = new OpenAiChatCompletion
        {
            Id = id,
            Created = created,
            Model = model,
            Choices =
            [
                new OpenAiChoice
                {
                    Message = new OpenAiResponseMessage
                    {
                        Content = text.Length > 0 || toolCalls.Count == 0 ? text.ToString() : null,
                        ToolCalls = toolCalls.Count > 0 ? toolCalls : null,
                        ReasoningContent = reasoning.Length > 0 ? reasoning.ToString() : null,
                        ThinkingBlocks = thinkingBlocks.Count > 0 ? thinkingBlocks : null,
                    },
                    FinishReason = FinishReason(response.StopReason, shape),
                },
            ],
            Usage = UsageMapping.ToOpenAi(usage),
        };
        return (JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiWireContext.Relaxed.OpenAiChatCompletion), usage);
    }

    /// <summary>Converse's stop reasons as OpenAI finish reasons; a forced response-format tool is an ordinary stop.</summary>
    public static string FinishReason(string? stopReason, ConverseCallShape shape) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => FinishReasons.Length,
        "tool_use" => shape.JsonMode ? FinishReasons.Stop : FinishReasons.ToolCalls,
        "guardrail_intervened" or "content_filtered" => FinishReasons.ContentFilter,
        _ => FinishReasons.Stop,
    };

    /// <summary>OpenAI's prompt tokens include cached ones; Converse reports cache reads and writes beside <c>inputTokens</c>.</summary>
    public static TokenUsage Usage(ConverseUsage? usage)
    {
        if (usage is null)
        {
            return default;
        }

        var cacheRead = usage.CacheReadInputTokens ?? 0;
        var cacheWrite = usage.CacheWriteInputTokens ?? 0;
        var prompt = usage.InputTokens + cacheRead + cacheWrite;
        return new TokenUsage(prompt, usage.OutputTokens, prompt + usage.OutputTokens, cacheRead, 0, cacheWrite);
    }

    /// <summary>An Anthropic-style thinking block, so clients can send signed thinking back on the next turn.</summary>
    public static JsonElement ThinkingBlock(string thinking, string signature)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "thinking");
            writer.WriteString("thinking", thinking);
            writer.WriteString("signature", signature);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
