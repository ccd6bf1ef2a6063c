using System.Text.Json;
using System.Globalization;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Streaming;
using ModelGate.Core.Usage;
using ModelGate.Providers.Mistral.Wire;
using ModelGate.Providers.Translation;

namespace ModelGate.Providers.Mistral;

/// <summary>
/// Mistral's chunk stream as OpenAI chunks. Mistral sends usage inside the chunk that carries the finish
/// reason and ends with <c>[DONE]</c>; this emits the finish chunk, then the usage-only chunk, then Done.
/// Content chunk arrays are split into text and <c>reasoning_content</c> deltas; tool calls keep Mistral's ids.
/// </summary>
public sealed class MistralStreamTranslator(string provider, string model, TimeProvider time) : IStreamTranslator
{
    private readonly HashSet<string> startedCalls = new(StringComparer.Ordinal);
    private OpenAiChunkWriter? writer;
    private TokenUsage? usage;
    private bool finished;
    private bool ended;

    public void Translate(SseEvent providerEvent, Queue<StreamEvent> output)
    {
        if (ended)
        {
            return;
        }

        if (providerEvent.Data.Span.SequenceEqual("[DONE]"u8))
        {
            Complete(output);
            return;
        }

        MistralChatResponse? chunk;
        try
        {
            chunk = JsonSerializer.Deserialize(providerEvent.Data.Span, MistralWireContext.Default.MistralChatResponse);
        }
        catch (JsonException)
        {
            Fail(output, "the stream sent an event that is not JSON");
            return;
        }

        if (chunk is null || chunk.Object == "error" || chunk.Choices is null && chunk.Message is not null)
        {
            Fail(output, chunk?.Message is { ValueKind: JsonValueKind.String } message ? message.GetString()! : "the stream sent an error event");
            return;
        }

        writer ??= new OpenAiChunkWriter(chunk.Id ?? "", model, chunk.Created ?? time.GetUtcNow().ToUnixTimeSeconds());
        foreach (var choice in chunk.Choices ?? [])
        {
            if (!ended)
            {
                Translate(choice, writer, output);
            }
        }

        if (chunk.Usage is { } reported)
        {
            usage = MistralToOpenAi.Usage(reported);
        }
    }

    public void Complete(Queue<StreamEvent> output)
    {
        if (ended)
        {
            return;
        }

        if (!finished || writer is null)
        {
            Fail(output, "the stream ended before its finish reason");
            return;
        }

        if (usage is { } total)
        {
            output.Enqueue(writer.Usage(total));
        }

        output.Enqueue(StreamEvent.Done);
        ended = true;
    }

    private void Translate(MistralChoice choice, OpenAiChunkWriter chunks, Queue<StreamEvent> output)
    {
        if (choice.FinishReason == "error")
        {
            Fail(output, "the generation ended with an error");
            return;
        }

        var (text, reasoning) = MistralToOpenAi.Content(choice.Delta?.Content);
        if (!string.IsNullOrEmpty(reasoning))
        {
            output.Enqueue(chunks.Reasoning(reasoning));
        }

        if (!string.IsNullOrEmpty(text))
        {
            output.Enqueue(chunks.Text(text));
        }

        foreach (var call in choice.Delta?.ToolCalls ?? [])
        {
            var key = call.Index?.ToString(CultureInfo.InvariantCulture) ?? call.Id ?? startedCalls.Count.ToString(CultureInfo.InvariantCulture);
            var arguments = MistralToOpenAi.Arguments(call.Function?.Arguments);
            if (startedCalls.Add(key))
            {
                output.Enqueue(chunks.ToolCallStart(key, call.Id ?? $"call_{key}", call.Function?.Name ?? "", arguments));
            }
            else if (arguments.Length > 0)
            {
                output.Enqueue(chunks.ToolCallArguments(key, arguments));
            }
        }

        if (MistralToOpenAi.FinishReason(choice.FinishReason) is { } finish && !finished)
        {
            finished = true;
            output.Enqueue(chunks.Finish(finish));
        }
    }

    private void Fail(Queue<StreamEvent> output, string detail)
    {
        ended = true;
        output.Enqueue(StreamEvent.Failed(GatewayErrors.Upstream(provider, detail)));
    }
}
