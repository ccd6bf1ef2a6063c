using System.Buffers;
using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>The OpenAI chat request to route, or the 400 to answer with.</summary>
/// <param name="Body">An OpenAI chat-completions request body.</param>
/// <param name="Model">The model the client named (also the <c>model</c> of <paramref name="Body"/>).</param>
/// <param name="Stream">The client asked for a stream.</param>
public readonly record struct MessagesRequestTranslation(byte[]? Body, string? Model, bool Stream, GatewayError? Error);

/// <summary>
/// Translates an Anthropic Messages request (<c>POST /v1/messages</c>) into an OpenAI chat-completions request,
/// the gateway's canonical form. Pure and allocation-light: one pass over a <see cref="JsonDocument"/>, written
/// with a <see cref="Utf8JsonWriter"/>. Bad input is a 400 naming the field, never an exception. Anthropic
/// features OpenAI cannot say travel in the gateway's documented extension fields (docs/ingress/anthropic-messages.md).
/// </summary>
public static class MessagesRequestTranslator
{
    /// <summary>Fields that change nothing about the answer, so they are accepted and left out.</summary>
    public static readonly IReadOnlySet<string> IgnoredFields = new HashSet<string> { "service_tier" };


    public static MessagesRequestTranslation Translate(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return Fail(GatewayErrors.InvalidJson("the body is not valid UTF-8"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, MessagesJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split([" LineNumber:", " Path:"], StringSplitOptions.None)[0].TrimEnd('.', ' ');
            return Fail(GatewayErrors.InvalidJson($"{reason} (line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0})."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail(GatewayErrors.InvalidJson("the body must be a JSON object"));
            }

            var fields = new RequestFieldSet();
            if (fields.Collect(document.RootElement) is { } unknown)
            {
                return Fail(unknown);
            }

            var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
            using var json = new Utf8JsonWriter(buffer, MessagesJson.WriterOptions);
            if (Write(fields, json, out var model, out var stream) is { } error)
            {
                return Fail(error);
            }

            json.Flush();
            return new MessagesRequestTranslation(buffer.WrittenSpan.ToArray(), model, stream, null);
        }
    }

    private static MessagesRequestTranslation Fail(GatewayError error) => new(null, null, false, error);

    private static GatewayError? Write(RequestFieldSet fields, Utf8JsonWriter json, out string model, out bool stream)
    {
        model = "";
        stream = false;
        if (RequestFields.IsAbsent(fields.Model))
        {
            return GatewayErrors.MissingParameter("model");
        }

        if (RequestFields.String(fields.Model!.Value, "model", out model) is { } modelError)
        {
            return modelError;
        }

        if (model.Length == 0)
        {
            return GatewayErrors.InvalidValue("model", "must not be empty.");
        }

        if (RequestFields.IsAbsent(fields.Messages))
        {
            return GatewayErrors.MissingParameter("messages");
        }

        if (RequestFields.IsAbsent(fields.MaxTokens))
        {
            return GatewayErrors.MissingParameter("max_tokens");
        }

        if (!RequestFields.IsAbsent(fields.Stream) && RequestFields.Boolean(fields.Stream!.Value, "stream", out stream) is { } streamError)
        {
            return streamError;
        }

        json.WriteStartObject();
        json.WriteString("model", model);
        var error = WriteMessages(fields, json)
            ?? WriteLimits(fields, json)
            ?? WriteTools(fields, json)
            ?? RequestOptions.WriteThinking(fields.Thinking, json)
            ?? RequestOptions.WriteOutputFormat(fields.OutputConfig, json)
            ?? RequestOptions.WriteMetadata(fields.Metadata, json);
        if (error is not null)
        {
            return error;
        }

        if (stream)
        {
            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        return null;
    }

    private static GatewayError? WriteMessages(RequestFieldSet fields, Utf8JsonWriter json)
    {
        var messages = fields.Messages!.Value;
        if (RequestFields.Array(messages, "messages") is { } notArray)
        {
            return notArray;
        }

        if (messages.GetArrayLength() == 0)
        {
            return GatewayErrors.InvalidValue("messages", "at least one message is required.");
        }

        json.WriteStartArray("messages");
        if (!RequestFields.IsAbsent(fields.System) && MessageMapper.WriteSystem(fields.System!.Value, json) is { } systemError)
        {
            return systemError;
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (MessageMapper.WriteMessage(message, $"messages[{i++}]", json) is { } error)
            {
                return error;
            }
        }

        json.WriteEndArray();
        return null;
    }

    /// <summary><c>max_tokens</c> → <c>max_completion_tokens</c>; <c>top_k</c> is kept as a gateway extension field.</summary>
    private static GatewayError? WriteLimits(RequestFieldSet fields, Utf8JsonWriter json)
    {
        if (RequestFields.Integer(fields.MaxTokens!.Value, "max_tokens", 1, out var maxTokens) is { } maxError)
        {
            return maxError;
        }

        json.WriteNumber("max_completion_tokens", maxTokens);
        foreach (var (name, value) in new[] { ("temperature", fields.Temperature), ("top_p", fields.TopP) })
        {
            if (!RequestFields.IsAbsent(value))
            {
                if (RequestFields.Number(value!.Value, name) is { } numberError)
                {
                    return numberError;
                }

                json.WritePropertyName(name);
                value.Value.WriteTo(json);
            }
        }

        if (!RequestFields.IsAbsent(fields.TopK))
        {
            if (RequestFields.Integer(fields.TopK!.Value, "top_k", 0, out var topK) is { } topKError)
            {
                return topKError;
            }

            json.WriteNumber("top_k", topK);
        }

        return WriteStop(fields.StopSequences, json);
    }

    private static GatewayError? WriteStop(JsonElement? stopSequences, Utf8JsonWriter json)
    {
        if (RequestFields.IsAbsent(stopSequences))
        {
            return null;
        }

        var stops = stopSequences!.Value;
        if (RequestFields.Array(stops, "stop_sequences") is { } notArray)
        {
            return notArray;
        }

        if (stops.GetArrayLength() == 0)
        {
            return null;
        }

        json.WriteStartArray("stop");
        var i = 0;
        foreach (var stop in stops.EnumerateArray())
        {
            if (RequestFields.String(stop, $"stop_sequences[{i++}]", out var text) is { } error)
            {
                return error;
            }

            json.WriteStringValue(text);
        }

        json.WriteEndArray();
        return null;
    }

    private static GatewayError? WriteTools(RequestFieldSet fields, Utf8JsonWriter json)
    {
        if (!RequestFields.IsAbsent(fields.Tools) && ToolMapper.WriteTools(fields.Tools!.Value, json) is { } toolsError)
        {
            return toolsError;
        }

        if (RequestFields.IsAbsent(fields.ToolChoice))
        {
            return null;
        }

        if (ToolMapper.WriteToolChoice(fields.ToolChoice!.Value, json, out var disableParallel) is { } choiceError)
        {
            return choiceError;
        }

        if (disableParallel)
        {
            json.WriteBoolean("parallel_tool_calls", false);
        }

        return null;
    }
}
