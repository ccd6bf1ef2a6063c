using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.OpenAi.Wire;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Turns one chat completion stream into a Responses event stream; one writer per request. Feed it each
/// <c>chat.completion.chunk</c> in order (<see cref="Chunk"/>), then end it with <see cref="Complete"/> or, when
/// the upstream stream breaks, <see cref="Fail"/>. The first call also writes <c>response.created</c> and
/// <c>response.in_progress</c>. Nothing is written after the end.
/// </summary>
/// <remarks>
/// Thinking text opens a <c>reasoning</c> item (summary events), answer text and refusals a <c>message</c> item,
/// and each tool call (keyed by its chat <c>tool_calls[].index</c>) its own <c>function_call</c> item. A reasoning
/// or message item is closed when another item starts; tool calls stay open until the finish reason, since some
/// providers interleave their argument pieces. Usage may arrive in a usage-only chunk after the finish reason.
/// </remarks>
public sealed class ResponsesStreamWriter
{
    private readonly ResponsesRequest request;
    private readonly ResponseIds ids;
    private readonly long createdAt;
    private readonly TimeProvider time;
    private readonly ResponsesEvents events = new(new ArrayBufferWriter<byte>());
    private readonly Dictionary<int, FunctionCallOutputItem> calls = [];
    private ResponseObject? response;
    private ReasoningOutputItem? reasoning;
    private MessageOutputItem? message;
    private string? finishReason;
    private bool finished;

    /// <param name="createdAt">Unix seconds when the request arrived.</param>
    /// <param name="time">The clock for <c>completed_at</c>.</param>
    public ResponsesStreamWriter(ResponsesRequest request, string responseId, long createdAt, TimeProvider time)
    {
        this.request = request;
        ids = new ResponseIds(responseId);
        this.createdAt = createdAt;
        this.time = time;
    }

    /// <summary>The response object as it stands: after <see cref="Complete"/> or <see cref="Fail"/>, the one to store.</summary>
    public byte[] Response() => (response ?? new ResponseObject(request, ids.ResponseId, createdAt, request.Model)).ToJson();

    /// <summary>Writes the events one chat chunk leads to (none for a chunk that is not JSON).</summary>
    public void Chunk(ReadOnlySpan<byte> chunkJson, IBufferWriter<byte> output)
    {
        OpenAiChatChunk? chunk;
        try
        {
            chunk = JsonSerializer.Deserialize(chunkJson, OpenAiWireContext.Default.OpenAiChatChunk);
        }
        catch (JsonException)
        {
            return;
        }

        if (chunk is null || finished)
        {
            return;
        }

        events.Output = output;
        var current = Start(chunk.Model);
        if (chunk.Usage is not null)
        {
            current.Usage = chunk.Usage;
        }

        if (chunk.Choices.FirstOrDefault(choice => choice.Index == 0) is not { } choice)
        {
            return;
        }

        var delta = choice.Delta;
        if (!string.IsNullOrEmpty(delta.ReasoningContent))
        {
            ReasoningText(delta.ReasoningContent);
        }

        if (delta.ThinkingBlocks is { Count: > 0 })
        {
            OpenReasoning().ThinkingBlocks.AddRange(delta.ThinkingBlocks);
        }

        if (!string.IsNullOrEmpty(delta.Content))
        {
            MessageText(delta.Content, isRefusal: false);
        }

        if (!string.IsNullOrEmpty(delta.Refusal))
        {
            MessageText(delta.Refusal, isRefusal: true);
        }

        foreach (var call in delta.ToolCalls ?? [])
        {
            ToolCall(call);
        }

        if (choice.FinishReason is not null)
        {
            finishReason = choice.FinishReason;
            CloseAll();
        }
    }

    /// <summary>The end of the chat stream: closes what is open and writes <c>response.completed</c> or <c>response.incomplete</c>.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (finished)
        {
            return;
        }

        events.Output = output;
        var current = Start(null);
        CloseAll();
        current.Finish(finishReason, time.GetUtcNow().ToUnixTimeSeconds());
        finished = true;
        events.Response(current.Status == "incomplete" ? "response.incomplete" : "response.completed", current);
    }

    /// <summary>
    /// A failure after the stream started: open items are left <c>incomplete</c> and the stream ends with
    /// <c>response.failed</c>, whose response carries <c>error</c> {code, message}.
    /// </summary>
    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        if (finished)
        {
            return;
        }

        events.Output = output;
        var current = Start(null);
        foreach (var item in current.Output.Where(item => item.Status == "in_progress"))
        {
            item.Status = "incomplete";
        }

        current.Fail(error);
        finished = true;
        events.Response("response.failed", current);
    }

    private ResponseObject Start(string? model)
    {
        if (response is not null)
        {
            return response;
        }

        response = new ResponseObject(request, ids.ResponseId, createdAt, string.IsNullOrEmpty(model) ? request.Model : model);
        events.Response("response.created", response);
        events.Response("response.in_progress", response);
        return response;
    }

    private void ReasoningText(string text)
    {
        var item = OpenReasoning();
        if (item.Summary is null)
        {
            item.Summary = new StringBuilder();
            events.SummaryPartAdded(item);
        }

        item.Summary.Append(text);
        events.SummaryTextDelta(item, text);
    }

    private ReasoningOutputItem OpenReasoning()
    {
        if (reasoning is null)
        {
            CloseMessage("completed");
            reasoning = Add(new ReasoningOutputItem(ids.Reasoning(response!.Output.Count), response.Output.Count));
        }

        return reasoning;
    }

    private void MessageText(string text, bool isRefusal)
    {
        if (message is null)
        {
            CloseReasoning("completed");
            message = Add(new MessageOutputItem(ids.Message(response!.Output.Count), response.Output.Count));
        }

        var item = message;
        if (item.Parts.Count == 0 || item.Parts[^1].IsRefusal != isRefusal)
        {
            if (item.Parts.Count > 0)
            {
                events.ContentPartDone(item, item.Parts.Count - 1);
            }

            item.Parts.Add(new MessageOutputItem.ContentPart(isRefusal));
            events.ContentPartAdded(item, item.Parts.Count - 1);
        }

        item.Parts[^1].Text.Append(text);
        events.ContentDelta(item, item.Parts.Count - 1, text);
    }

    private void ToolCall(OpenAiToolCall call)
    {
        var key = call.Index ?? 0;
        if (!calls.TryGetValue(key, out var item))
        {
            CloseReasoning("completed");
            CloseMessage("completed");
            var index = response!.Output.Count;
            item = calls[key] = Add(new FunctionCallOutputItem(ids.FunctionCall(index), index, call.Id ?? ids.CallId(index), call.Function?.Name ?? ""));
        }
        else if (string.IsNullOrEmpty(item.Name) && !string.IsNullOrEmpty(call.Function?.Name))
        {
            item.Name = call.Function.Name;
        }

        if (call.Function?.Arguments is { Length: > 0 } arguments)
        {
            item.Arguments.Append(arguments);
            events.ArgumentsDelta(item, arguments);
        }
    }

    private T Add<T>(T item) where T : ResponseOutputItem
    {
        response!.Output.Add(item);
        events.ItemAdded(item);
        return item;
    }

    /// <summary>
    /// Closes every open item in output order. On a <c>length</c> or <c>content_filter</c> finish the last item
    /// (the one being written when generation stopped) is <c>incomplete</c>.
    /// </summary>
    private void CloseAll()
    {
        var lastStatus = finishReason is "length" or "content_filter" ? "incomplete" : "completed";
        foreach (var item in response!.Output.Where(item => item.Status == "in_progress").ToList())
        {
            var status = ReferenceEquals(item, response.Output[^1]) ? lastStatus : "completed";
            switch (item)
            {
                case ReasoningOutputItem:
                    CloseReasoning(status);
                    break;
                case MessageOutputItem:
                    CloseMessage(status);
                    break;
                case FunctionCallOutputItem call:
                    events.ArgumentsDone(call);
                    Done(call, status);
                    break;
            }
        }
    }

    private void CloseReasoning(string status)
    {
        if (reasoning is { } item)
        {
            reasoning = null;
            if (item.Summary is not null)
            {
                events.SummaryDone(item, item.Summary.ToString());
            }

            Done(item, status);
        }
    }

    private void CloseMessage(string status)
    {
        if (message is { } item)
        {
            message = null;
            events.ContentPartDone(item, item.Parts.Count - 1);
            Done(item, status);
        }
    }

    private void Done(ResponseOutputItem item, string status)
    {
        item.Status = status;
        events.ItemDone(item);
    }
}
