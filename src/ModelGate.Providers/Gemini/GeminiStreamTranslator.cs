using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Core.Usage;
using ModelGate.Providers.Gemini.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Gemini;

/// <summary>
/// Translates <c>streamGenerateContent?alt=sse</c>: each event is a whole <c>GenerateContentResponse</c>
/// holding the parts produced since the last one. Function calls arrive whole, so each is one tool-call delta
/// with all its arguments. Gemini has no end marker: the stream is complete when it closes after an event
/// that carried a <c>finishReason</c> (or a blocked prompt); the finish and usage chunks are sent then.
/// </summary>
public sealed class GeminiStreamTranslator(string provider, string model, long created) : IStreamTranslator
{
    private OpenAiChunkWriter? writer;
    private string? responseKey;
    private string? finishReason;
    private bool blocked;
    private bool failed;
    private int calls;
    private TokenUsage? usage;

    public void Translate(SseEvent providerEvent, Queue<StreamEvent> output)
    {
        if (failed)
        {
            return;
        }

        GeminiResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(providerEvent.Data.Span, GeminiWireContext.Default.GeminiResponse);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response is null || response.Error is not null)
        {
            var detail = response?.Error?.Message ?? $"the stream sent an event that is not JSON: {UpstreamErrorPolicy.Excerpt(providerEvent.Data.Span)}";
            Fail(GatewayErrors.Upstream(provider, detail), output);
            return;
        }

        responseKey ??= GeminiToOpenAi.ResponseKey(response);
        writer ??= new OpenAiChunkWriter(GeminiToOpenAi.CompletionId(responseKey), model, created);
        usage = GeminiToOpenAi.Usage(response.UsageMetadata) ?? usage;
        blocked |= response.PromptFeedback?.BlockReason is not null;
        if (response.Candidates is not [var candidate, ..])
        {
            return;
        }

        foreach (var part in candidate.Content?.Parts ?? [])
        {
            if (part.FunctionCall is { } call)
            {
                var position = calls++;
                var key = position.ToString(System.Globalization.CultureInfo.InvariantCulture);
                output.Enqueue(writer.ToolCallStart(key, GeminiToOpenAi.CallId(part, responseKey, position), call.Name, GeminiToOpenAi.Arguments(call)));
            }
            else if (part.Text is { Length: > 0 } text)
            {
                output.Enqueue(part.Thought == true ? writer.Reasoning(text) : writer.Text(text));
            }
        }

        finishReason = candidate.FinishReason ?? finishReason;
    }

    public void Complete(Queue<StreamEvent> output)
    {
        if (failed)
        {
            return;
        }

        if (writer is null || (finishReason is null && !blocked))
        {
            Fail(GatewayErrors.Upstream(provider, "the stream ended before a finishReason"), output);
            return;
        }

        output.Enqueue(writer.Finish(finishReason is null ? FinishReasons.ContentFilter : GeminiToOpenAi.FinishReason(finishReason, writer.HasToolCalls)));
        if (usage is { } total)
        {
            output.Enqueue(writer.Usage(total));
        }

        output.Enqueue(StreamEvent.Done);
    }

    private void Fail(GatewayError error, Queue<StreamEvent> output)
    {
        failed = true;
        output.Enqueue(StreamEvent.Failed(error));
    }
}
