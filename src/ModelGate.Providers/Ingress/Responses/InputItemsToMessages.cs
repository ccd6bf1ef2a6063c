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
                InputContent(fields, allowMedia: role == "user");
                writer.WriteEndObject();
                break;
            default:
                fields.Fail(GatewayErrors.InvalidValue(fields.PathOf("role"), "expected 'user', 'assistant', 'system' or 'developer'."));
                break;
        }
    }

    private void InputContent(JsonFields fields, bool allowMedia)
    {
        var content = fields.Value("content");
        var path = fields.PathOf("content");
        switch (content?.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteString("content", content.Value.GetString());
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray("content");
                var i = 0;
                foreach (var part in content.Value.EnumerateArray())
                {
                    var partPath = $"{path}[{i++}]";
                    if (part.ValueKind != JsonValueKind.Object)
                    {
                        fields.Fail(GatewayErrors.InvalidType(partPath, "an object (a content part)"));
                        break;
                    }

                    var partFields = new JsonFields(part, partPath);
                    InputPart(partFields, allowMedia);
                    if (partFields.Error is { } error)
                    {
                        fields.Fail(error);
                        break;
                    }
                }

                writer.WriteEndArray(); // written even after an error, so the writer stays balanced
                return;
            case null:
                fields.Fail(GatewayErrors.MissingParameter(path));
                return;
            default:
                fields.Fail(GatewayErrors.InvalidType(path, "a string or an array of content parts"));
                return;
        }
    }

    private void InputPart(JsonFields part, bool allowMedia)
    {
        var type = part.RequiredString("type");
        if (part.Failed)
        {
            return;
        }

        if (type != "input_text" && !allowMedia)
        {
            part.Fail(GatewayErrors.InvalidValue(part.PathOf("type"), "system and developer messages take only 'input_text' parts."));
            return;
        }

        switch (type)
        {
            case "input_text":
                var text = part.RequiredString("text");
                if (!part.Failed)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                }

                break;
            case "input_image":
                InputImage(part);
                break;
            case "input_file":
                InputFile(part);
                break;
            default:
                part.Fail(GatewayErrors.InvalidValue(part.PathOf("type"), "expected 'input_text', 'input_image' or 'input_file'."));
                break;
        }
    }

    private void InputImage(JsonFields part)
    {
        var url = part.String("image_url");
        var detail = part.String("detail");
        if (part.String("file_id") is not null && url is null)
        {
            part.Fail(ResponsesErrors.Unsupported(part.PathOf("file_id"), "uploaded files are not available; send the image as image_url (an https or data URL)."));
        }
        else if (url is null)
        {
            part.Fail(GatewayErrors.MissingParameter(part.PathOf("image_url")));
        }

        if (part.Failed)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        if (detail is "auto" or "low" or "high")
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void InputFile(JsonFields part)
    {
        var data = part.String("file_data");
        var name = part.String("filename");
        if (data is null && !part.Failed)
        {
            var field = part.Value("file_id") is not null ? "file_id" : part.Value("file_url") is not null ? "file_url" : null;
            part.Fail(field is null
                ? GatewayErrors.MissingParameter(part.PathOf("file_data"))
                : ResponsesErrors.Unsupported(part.PathOf(field), "only inline files are carried; send the file as file_data (a base64 data URL)."));
        }

        if (part.Failed)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "file");
        writer.WriteStartObject("file");
        writer.WriteString("file_data", data);
        if (name is not null)
        {
            writer.WriteString("filename", name);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
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

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (current.HasText)
        {
            writer.WriteString("content", current.Text.ToString());
        }
        else
        {
            writer.WriteNull("content");
        }

        if (current.HasRefusal)
        {
            writer.WriteString("refusal", current.Refusal.ToString());
        }

        if (current.Calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var (callId, name, arguments) in current.Calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", callId);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", name);
                writer.WriteString("arguments", arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (current.Reasoning is not null)
        {
            writer.WriteString("reasoning_content", current.Reasoning.ToString());
        }

        if (current.ThinkingBlocks.Count > 0)
        {
            writer.WriteStartArray("thinking_blocks");
            foreach (var block in current.ThinkingBlocks)
            {
                block.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private sealed class AssistantTurn
    {
        public StringBuilder Text { get; } = new();
        public StringBuilder Refusal { get; } = new();
        public bool HasText { get; set; }
        public bool HasRefusal { get; set; }
        public List<(string CallId, string Name, string Arguments)> Calls { get; } = [];
        public StringBuilder? Reasoning { get; private set; }
        public List<JsonElement> ThinkingBlocks { get; } = [];

        public bool IsEmptyButReasoning => !HasText && !HasRefusal && Calls.Count == 0;

        public void AddReasoning(string text)
        {
            if (Reasoning is null)
            {
                Reasoning = new StringBuilder(text);
            }
            else
            {
                Reasoning.Append("\n\n").Append(text);
            }
        }
    }
}
