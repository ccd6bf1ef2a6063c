using System.Text;
using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Writes Responses input items as chat messages. An assistant turn is spread over several items in Responses
/// (reasoning, a message, function calls) and is one message in chat: such items are gathered into one assistant
/// message with <c>content</c>, <c>refusal</c>, <c>tool_calls</c>, <c>reasoning_content</c> and
/// <c>thinking_blocks</c>, written when an item of another turn arrives.
/// </summary>
internal sealed class InputItemsToMessages(Utf8JsonWriter writer)
{
    private AssistantTurn? turn;

    public GatewayError? Error { get; private set; }

    /// <param name="path">How errors name the item, e.g. <c>input[3]</c>.</param>
    public void Add(JsonElement item, string path)
    {
        if (Error is not null)
        {
            return;
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            Error = GatewayErrors.InvalidType(path, "an object (an input item)");
            return;
        }

        var fields = new JsonFields(item, path);
        var type = fields.String("type") ?? (fields.Value("role") is not null ? "message" : null);
        switch (type)
        {
            case null:
                fields.Fail(GatewayErrors.MissingParameter(fields.PathOf("type")));
                break;
            case "message":
                Message(fields);
                break;
            case "function_call":
                FunctionCall(fields);
                break;
            case "function_call_output":
                FunctionCallOutput(fields);
                break;
            case "reasoning":
                Reasoning(fields);
                break;
            case "item_reference":
                fields.Fail(ResponsesErrors.Unsupported(fields.PathOf("type"),
                    "item references are not resolved; send the item itself, or continue with previous_response_id."));
                break;
            default:
                fields.Fail(ResponsesErrors.Unsupported(fields.PathOf("type"),
                    $"'{type}' items belong to tools OpenAI runs itself; only messages, function calls, their outputs and reasoning are carried."));
                break;
        }

        Error ??= fields.Error;
    }

    /// <summary>Writes the assistant turn still being gathered.</summary>
    public void Finish() => FlushTurn();

    private void Message(JsonFields fields)
    {
        var role = fields.RequiredString("role");
        if (fields.Failed)
        {
            return;
        }

        switch (role)
        {
            case "assistant":
                AssistantMessage(fields);
                break;
            case "user" or "system" or "developer":
                FlushTurn();
                writer.WriteStartObject();
                writer.WriteString("role", role);
                InputContentParts.Write(writer, fields, allowMedia: role == "user");
                writer.WriteEndObject();
                break;
            default:
                fields.Fail(GatewayErrors.InvalidValue(fields.PathOf("role"), "expected 'user', 'assistant', 'system' or 'developer'."));
                break;
        }
    }

    private void AssistantMessage(JsonFields fields)
    {
        if (turn is { IsEmptyButReasoning: false })
        {
            FlushTurn();
        }

        var current = turn ??= new AssistantTurn();
        var content = fields.Value("content");
        var path = fields.PathOf("content");
        switch (content?.ValueKind)
        {
            case JsonValueKind.String:
                current.Text.Append(content.Value.GetString());
                current.HasText = true;
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var part in content.Value.EnumerateArray())
                {
                    var partFields = new JsonFields(part, $"{path}[{i++}]");
                    var type = part.ValueKind == JsonValueKind.Object ? partFields.RequiredString("type") : null;
                    switch (type)
                    {
                        case "output_text" or "input_text":
                            current.Text.Append(partFields.RequiredString("text"));
                            current.HasText = true;
                            break;
                        case "refusal":
                            current.Refusal.Append(partFields.RequiredString("refusal"));
                            current.HasRefusal = true;
                            break;
                        case null when !partFields.Failed:
                            partFields.Fail(GatewayErrors.InvalidType($"{path}[{i - 1}]", "an object (a content part)"));
                            break;
                        case not null:
                            partFields.Fail(GatewayErrors.InvalidValue(partFields.PathOf("type"), "assistant messages take 'output_text' and 'refusal' parts."));
                            break;
                    }

                    if (partFields.Error is { } error)
                    {
                        fields.Fail(error);
                        return;
                    }
                }

                break;
            case null:
                fields.Fail(GatewayErrors.MissingParameter(path));
                break;
            default:
                fields.Fail(GatewayErrors.InvalidType(path, "a string or an array of content parts"));
                break;
        }
    }

    private void FunctionCall(JsonFields fields)
    {
        var callId = fields.RequiredString("call_id");
        var name = fields.RequiredString("name");
        var arguments = fields.RequiredString("arguments");
        if (!fields.Failed)
        {
            (turn ??= new AssistantTurn()).Calls.Add((callId, name, arguments));
        }
    }

    private void FunctionCallOutput(JsonFields fields)
    {
        var callId = fields.RequiredString("call_id");
        var output = fields.Value("output");
        var path = fields.PathOf("output");
        string? text = null;
        switch (output?.ValueKind)
        {
            case JsonValueKind.String:
                text = output.Value.GetString();
                break;
            case JsonValueKind.Array:
                var joined = new StringBuilder();
                var i = 0;
                foreach (var part in output.Value.EnumerateArray())
                {
                    var partFields = new JsonFields(part, $"{path}[{i++}]");
                    if (part.ValueKind == JsonValueKind.Object && partFields.String("type") == "input_text")
                    {
                        joined.Append(partFields.RequiredString("text"));
                    }
                    else
                    {
                        partFields.Fail(ResponsesErrors.Unsupported(partFields.PathOf("type"), "tool results reach chat providers as text; send 'input_text' parts."));
                    }

                    if (partFields.Error is { } error)
                    {
                        fields.Fail(error);
                    }
                }

                text = joined.ToString();
                break;
            case null:
                fields.Fail(GatewayErrors.MissingParameter(path));
                break;
            default:
                fields.Fail(GatewayErrors.InvalidType(path, "a string or an array of content parts"));
                break;
        }

        if (fields.Failed)
        {
            return;
        }

        FlushTurn();
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", callId);
        writer.WriteString("content", text);
        writer.WriteEndObject();
    }

    private void Reasoning(JsonFields fields)
    {
        if (turn is { IsEmptyButReasoning: false })
        {
            FlushTurn();
        }

        var current = turn ??= new AssistantTurn();
        foreach (var name in (string[])["summary", "content"])
        {
            var parts = fields.Array(name);
            foreach (var part in parts?.EnumerateArray() ?? default)
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    current.AddReasoning(text.GetString()!);
                }
            }
        }

        if (ThinkingBlocksCarrier.Decode(fields.String("encrypted_content")) is { } blocks)
        {
            current.ThinkingBlocks.AddRange(blocks);
        }
    }

    private void FlushTurn()
    {
        var current = turn;
        turn = null;
        if (current is null || current.IsEmptyButReasoning)
        {
            return; // reasoning with no answer after it has nothing to attach to in chat
        }

        current.Write(writer);
    }
}
