using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Providers.Cohere.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Cohere;

/// <summary>
/// Cohere's v2 chat stream (JSON events told apart by their <c>type</c>) as OpenAI chunks: text deltas as
/// content, thinking and tool-plan deltas as <c>reasoning_content</c>, tool calls by their event <c>index</c>.
/// <c>message-end</c> gives the finish chunk, the usage-only chunk and Done; a stream closed before it fails.
/// </summary>
public sealed class CohereStreamTranslator(string provider, string model, long created) : IStreamTranslator
{
    private OpenAiChunkWriter? writer;
    private bool ended;

    public void Translate(SseEvent providerEvent, Queue<StreamEvent> output)
    {
        if (ended)
        {
            return;
        }

        CohereStreamEvent? e;
        try
        {
            e = JsonSerializer.Deserialize(providerEvent.Data.Span, CohereWireContext.Default.CohereStreamEvent);
        }
        catch (JsonException)
        {
            Fail(output, "the stream sent an event that is not JSON");
            return;
        }

        writer ??= new OpenAiChunkWriter(e?.Id ?? "", model, created);
        var message = e?.Delta?.Message;
        switch (e?.Type)
        {
            case "content-start" or "content-delta" when message?.Content is { ValueKind: JsonValueKind.Object } content:
                Content(content, output);
                break;
            case "tool-plan-delta" when !string.IsNullOrEmpty(message?.ToolPlan):
                output.Enqueue(writer.Reasoning(message.ToolPlan));
                break;
            case "tool-call-start" when ToolCall(message) is { } call:
                output.Enqueue(writer.ToolCallStart(Key(e), call.Id ?? $"call_{Key(e)}", call.Function?.Name ?? "", call.Function?.Arguments ?? ""));
                break;
            case "tool-call-delta" when ToolCall(message)?.Function?.Arguments is { Length: > 0 } arguments:
                output.Enqueue(writer.ToolCallArguments(Key(e), arguments));
                break;
            case "message-end":
                End(e.Delta, output);
                break;
        }
    }

    public void Complete(Queue<StreamEvent> output)
    {
        if (!ended)
        {
            Fail(output, "the stream ended before message-end");
        }
    }

    private void Content(JsonElement content, Queue<StreamEvent> output)
    {
        if (content.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.String && thinking.GetString() is { Length: > 0 } reasoning)
        {
            output.Enqueue(writer!.Reasoning(reasoning));
        }

        if (content.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } piece)
        {
            output.Enqueue(writer!.Text(piece));
        }
    }

    private void End(CohereEventDelta? delta, Queue<StreamEvent> output)
    {
        if (CohereToOpenAi.FinishReason(delta?.FinishReason) is not { } finish)
        {
            Fail(output, delta?.Error is { Length: > 0 } error ? error : $"the generation ended with {delta?.FinishReason}");
            return;
        }

        ended = true;
        output.Enqueue(writer!.Finish(finish));
        if (delta?.Usage is { } usage)
        {
            output.Enqueue(writer.Usage(CohereToOpenAi.Usage(usage)));
        }

        output.Enqueue(StreamEvent.Done);
    }

    /// <summary>After <c>message-start</c>, <c>tool_calls</c> in a delta is one call object.</summary>
    private static CohereToolCall? ToolCall(CohereDeltaMessage? message) =>
        message?.ToolCalls is { ValueKind: JsonValueKind.Object } call ? call.Deserialize(CohereWireContext.Default.CohereToolCall) : null;

    private static string Key(CohereStreamEvent e) => (e.Index ?? 0).ToString(CultureInfo.InvariantCulture);

    private void Fail(Queue<StreamEvent> output, string detail)
    {
        ended = true;
        output.Enqueue(StreamEvent.Failed(GatewayErrors.Upstream(provider, detail)));
    }
}
