using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Builds the OpenAI chat completions request for a Responses request: <c>instructions</c> first as a system
/// message, then the earlier conversation (for <c>previous_response_id</c>), then the request's own input.
/// Pure: the same request and history always give the same bytes.
/// </summary>
public static class ResponsesToChat
{
    /// <param name="history">
    /// Items of the earlier turns, oldest first, as <see cref="ResponsesHistory"/> stores them (each earlier
    /// response's input items followed by its output items); empty for a new conversation.
    /// </param>
    /// <returns>The chat request body, or null with <paramref name="error"/> set when an item cannot be carried.</returns>
    public static byte[]? Build(ResponsesRequest request, IReadOnlyList<JsonElement> history, out GatewayError? error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var writer = new Utf8JsonWriter(buffer, ResponsesJson.WriterOptions);
            error = Write(writer, request, history);
        }
        catch (InvalidOperationException)
        {
            error = GatewayErrors.InvalidJson("a string in the input is not valid Unicode (a lone surrogate escape).");
        }

        return error is null ? buffer.WrittenSpan.ToArray() : null;
    }

    private static GatewayError? Write(Utf8JsonWriter writer, ResponsesRequest request, IReadOnlyList<JsonElement> history)
    {
        writer.WriteStartObject();
        writer.WriteString("model", request.Model);

        writer.WriteStartArray("messages");
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", request.Instructions);
            writer.WriteEndObject();
        }

        var messages = new InputItemsToMessages(writer);
        for (var i = 0; i < history.Count; i++)
        {
            messages.Add(history[i], $"history[{i}]");
        }

        for (var i = 0; i < request.Input.Count; i++)
        {
            messages.Add(request.Input[i], $"input[{i}]");
        }

        if (messages.Error is { } error)
        {
            return error;
        }

        messages.Finish();
        writer.WriteEndArray();

        if (request.Tools.Count > 0)
        {
            ResponsesTools.WriteChatTools(writer, request.Tools);
            if (request.ToolChoice is { } choice)
            {
                ResponsesTools.WriteChatToolChoice(writer, choice);
            }

            if (request.ParallelToolCalls is { } parallel)
            {
                writer.WriteBoolean("parallel_tool_calls", parallel);
            }
        }

        ResponsesTools.WriteResponseFormat(writer, request.Text);
        if (request.ReasoningEffort is { } effort)
        {
            writer.WriteString("reasoning_effort", effort);
        }

        if (request.MaxOutputTokens is { } max)
        {
            writer.WriteNumber("max_completion_tokens", max);
        }

        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p", topP);
        }

        if (request.User is { } user)
        {
            writer.WriteString("user", user);
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        return null;
    }
}
