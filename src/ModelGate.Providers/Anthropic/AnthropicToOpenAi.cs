using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Anthropic.Wire;
using ModelGate.Providers.OpenAi.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Anthropic;

/// <summary>
/// Translates an Anthropic Messages API response into an OpenAI <c>chat.completion</c>. Text blocks become
/// <c>content</c>, tool_use blocks <c>tool_calls</c>, thinking text <c>reasoning_content</c>, and the signed
/// thinking blocks themselves <c>thinking_blocks</c>, so the client can send them back on the next turn.
/// Shared by the <c>anthropic</c> provider and Claude on Vertex AI.
/// </summary>
public static class AnthropicToOpenAi
{
    /// <param name="model">The model named in the OpenAI response (the deployment's model).</param>
    /// <param name="created">Unix seconds for <c>created</c>.</param>
    public static ChatOutcome Completion(string provider, ReadOnlySpan<byte> body, string model, long created)
    {
        if (Message(body) is not { } response)
        {
            return NotAMessage(provider, body);
        }

        var usage = AnthropicMapping.Usage(response.Usage);
        var completion = new OpenAiChatCompletion
        {
            Id = response.Id,
            Created = created,
            Model = model,
            Choices = [Choice(response)],
            Usage = UsageMapping.ToOpenAi(usage),
        };
        return new ChatCompleted(JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiWireContext.Relaxed.OpenAiChatCompletion), usage);
    }

    /// <summary>An Anthropic message passed on as it came, once it is known to be one; usage read from it.</summary>
    public static ChatOutcome Untranslated(string provider, byte[] body) =>
        Message(body) is { } response ? new ChatCompleted(body, AnthropicMapping.Usage(response.Usage)) : NotAMessage(provider, body);

    private static AnthropicResponse? Message(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AnthropicWireContext.Default.AnthropicResponse) is { Type: "message" } response ? response : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ChatFailed NotAMessage(string provider, ReadOnlySpan<byte> body) =>
        new(GatewayErrors.Upstream(provider, $"the response is not an Anthropic message: {UpstreamErrorPolicy.Excerpt(body)}"), Retriable: true);

    private static OpenAiChoice Choice(AnthropicResponse response)
    {
        StringBuilder? text = null, reasoning = null;
        List<OpenAiToolCall>? calls = null;
        List<JsonElement>? thinkingBlocks = null;
        var answeredAsJson = false;
        foreach (var block in response.Content)
        {
            switch (block.Type)
            {
                case "text":
                    (text ??= new()).Append(block.Text);
                    break;
                case "tool_use" when block.Name == OpenAiToAnthropic.JsonObjectTool:
                    (text ??= new()).Append(block.Input?.GetRawText());
                    answeredAsJson = true;
                    break;
                case "tool_use":
                    (calls ??= []).Add(new OpenAiToolCall
                    {
                        Id = block.Id,
                        Type = "function",
                        Function = new OpenAiFunctionCall { Name = block.Name, Arguments = block.Input?.GetRawText() ?? "{}" },
                    });
                    break;
                case "thinking":
                    (reasoning ??= new()).Append(block.Thinking);
                    (thinkingBlocks ??= []).Add(JsonSerializer.SerializeToElement(block, AnthropicWireContext.Default.AnthropicContentBlock));
                    break;
                case "redacted_thinking":
                    (thinkingBlocks ??= []).Add(JsonSerializer.SerializeToElement(block, AnthropicWireContext.Default.AnthropicContentBlock));
                    break;
            }
        }

        var finish = AnthropicMapping.FinishReason(response.StopReason);
        if (answeredAsJson && calls is null && finish == FinishReasons.ToolCalls)
        {
            finish = FinishReasons.Stop;
        }

        return new OpenAiChoice
        {
            Message = new OpenAiResponseMessage
            {
                Content = text?.ToString(),
                ToolCalls = calls,
                ReasoningContent = reasoning?.ToString(),
                ThinkingBlocks = thinkingBlocks,
            },
            FinishReason = finish,
        };
    }
}
