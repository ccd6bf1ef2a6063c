using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Turns an OpenAI <c>chat.completion</c> into a Responses <c>response</c> object: thinking text becomes a
/// <c>reasoning</c> item, the answer a <c>message</c> item, each tool call a <c>function_call</c> item, in that
/// order. <c>finish_reason: length</c> or <c>content_filter</c> makes the response <c>incomplete</c>.
/// </summary>
public static class ChatToResponses
{
    /// <param name="responseId">The response's id (<see cref="ResponseIds.NewResponseId"/>).</param>
    /// <param name="createdAt">Unix seconds when the request arrived.</param>
    /// <param name="completedAt">Unix seconds when the answer was complete.</param>
    /// <returns>The response object's JSON, or null with <paramref name="error"/> when the body is not a chat completion.</returns>
    public static byte[]? Response(ReadOnlySpan<byte> chatCompletion, ResponsesRequest request, string responseId, long createdAt, long completedAt, out GatewayError? error)
    {
        OpenAiChatCompletion? completion;
        try
        {
            completion = JsonSerializer.Deserialize(chatCompletion, OpenAiWireContext.Default.OpenAiChatCompletion);
        }
        catch (JsonException e)
        {
            error = ResponsesErrors.NotAChatCompletion(e.Message);
            return null;
        }

        if (completion is not { Choices.Count: > 0 })
        {
            error = ResponsesErrors.NotAChatCompletion("it has no choices.");
            return null;
        }

        error = null;
        var ids = new ResponseIds(responseId);
        var response = new ResponseObject(request, responseId, createdAt, string.IsNullOrEmpty(completion.Model) ? request.Model : completion.Model)
        {
            Usage = completion.Usage,
        };
        var choice = completion.Choices[0];
        AddItems(response.Output, choice.Message, ids);
        response.Finish(choice.FinishReason, completedAt);
        foreach (var item in response.Output)
        {
            item.Status = "completed";
        }

        if (response.Status == "incomplete" && response.Output.Count > 0)
        {
            response.Output[^1].Status = "incomplete";
        }

        return response.ToJson();
    }

    private static void AddItems(List<ResponseOutputItem> output, OpenAiResponseMessage message, ResponseIds ids)
    {
        if (!string.IsNullOrEmpty(message.ReasoningContent) || message.ThinkingBlocks is { Count: > 0 })
        {
            var reasoning = new ReasoningOutputItem(ids.Reasoning(output.Count), output.Count);
            if (!string.IsNullOrEmpty(message.ReasoningContent))
            {
                reasoning.Summary = new StringBuilder(message.ReasoningContent);
            }

            reasoning.ThinkingBlocks.AddRange(message.ThinkingBlocks ?? []);
            output.Add(reasoning);
        }

        var hasCalls = message.ToolCalls is { Count: > 0 };
        if (!string.IsNullOrEmpty(message.Content) || message.Refusal is not null || (message.Content is not null && !hasCalls))
        {
            var item = new MessageOutputItem(ids.Message(output.Count), output.Count);
            if (message.Content is not null && (message.Content.Length > 0 || message.Refusal is null))
            {
                var text = new MessageOutputItem.ContentPart(isRefusal: false);
                text.Text.Append(message.Content);
                item.Parts.Add(text);
            }

            if (message.Refusal is not null)
            {
                var refusal = new MessageOutputItem.ContentPart(isRefusal: true);
                refusal.Text.Append(message.Refusal);
                item.Parts.Add(refusal);
            }

            output.Add(item);
        }

        foreach (var call in message.ToolCalls ?? [])
        {
            var index = output.Count;
            var item = new FunctionCallOutputItem(ids.FunctionCall(index), index, call.Id ?? ids.CallId(index), call.Function?.Name ?? "");
            item.Arguments.Append(call.Function?.Arguments);
            output.Add(item);
        }
    }
}
