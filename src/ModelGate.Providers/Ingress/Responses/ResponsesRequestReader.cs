using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Reads and checks a <c>POST /v1/responses</c> body. Bad input is a 400 naming the field, never an exception.
/// Fields the gateway does not know are ignored; Responses features it cannot provide over chat completions
/// (built-in tools, <c>background</c>, <c>conversation</c>, stored prompts) are refused.
/// </summary>
public static class ResponsesRequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    public static ResponsesRequest? Read(ReadOnlyMemory<byte> body, out GatewayError? error)
    {
        var request = Read(body, deferUnsupported: false, out error, out _);
        return error is null ? request : null;
    }

    /// <summary>
    /// Reads a body that may also pass through to OpenAI untranslated: features only OpenAI's API has (built-in and
    /// custom tools, <c>background</c>, <c>conversation</c>, stored prompts, a stored prompt without <c>input</c>) do not
    /// fail the read; the first of them comes back as <paramref name="untranslatable"/> (an <c>unsupported_parameter</c>
    /// error), which refuses only attempts that need the translation. <paramref name="error"/> is a body no deployment
    /// may take.
    /// </summary>
    public static ResponsesRequest? Read(ReadOnlyMemory<byte> body, out GatewayError? error, out GatewayError? untranslatable) =>
        Read(body, deferUnsupported: true, out error, out untranslatable);

    private static ResponsesRequest? Read(ReadOnlyMemory<byte> body, bool deferUnsupported, out GatewayError? error, out GatewayError? untranslatable)
    {
        untranslatable = null;
        try
        {
            JsonElement root;
            using (var document = JsonDocument.Parse(body, DocumentOptions))
            {
                root = document.RootElement.Clone();
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                error = GatewayErrors.InvalidJson("the body must be a JSON object");
                return null;
            }

            var fields = new JsonFields(root, "") { DeferUnsupported = deferUnsupported };
            var request = ReadObject(fields, out error);
            untranslatable = fields.Unsupported;
            return request;
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split([" LineNumber:", " Path:"], StringSplitOptions.None)[0].TrimEnd('.', ' ');
            error = GatewayErrors.InvalidJson($"{reason} (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).");
            return null;
        }
        catch (InvalidOperationException)
        {
            error = GatewayErrors.InvalidJson("a string in the body is not valid Unicode (a lone surrogate escape).");
            return null;
        }
    }

    private static ResponsesRequest? ReadObject(JsonFields fields, out GatewayError? error)
    {
        var model = fields.RequiredString("model");
        var input = ReadInput(fields);
        var instructions = fields.String("instructions");
        var tools = ResponsesTools.Read(fields);
        var toolChoice = ResponsesTools.ReadToolChoice(fields);
        var parallelToolCalls = fields.Bool("parallel_tool_calls");
        var text = ReadText(fields);
        var (reasoning, effort) = ReadReasoning(fields);
        var maxOutputTokens = fields.Integer("max_output_tokens");
        var temperature = fields.Number("temperature");
        var topP = fields.Number("top_p");
        var user = fields.String("user");
        var metadata = ReadMetadata(fields);
        var stream = fields.Bool("stream");
        var store = fields.Bool("store");
        var previousResponseId = fields.String("previous_response_id");
        var truncation = fields.String("truncation");
        var include = ReadInclude(fields);
        var promptCacheKey = fields.String("prompt_cache_key");
        var safetyIdentifier = fields.String("safety_identifier");
        RefuseUnsupported(fields);

        if (truncation is not (null or "auto" or "disabled") && !fields.Failed)
        {
            fields.Fail(GatewayErrors.InvalidValue("truncation", "expected 'auto' or 'disabled'."));
        }

        error = fields.Error;
        if (error is not null)
        {
            return null;
        }

        return new ResponsesRequest
        {
            Model = model,
            Input = input,
            Instructions = instructions,
            Tools = tools,
            ToolChoice = toolChoice,
            ParallelToolCalls = parallelToolCalls,
            Text = text,
            Reasoning = reasoning,
            ReasoningEffort = effort,
            MaxOutputTokens = maxOutputTokens,
            Temperature = temperature,
            TopP = topP,
            User = user,
            Metadata = metadata,
            Stream = stream ?? false,
            Store = store ?? true,
            PreviousResponseId = previousResponseId,
            Truncation = truncation ?? "disabled",
            Include = include,
            PromptCacheKey = promptCacheKey,
            SafetyIdentifier = safetyIdentifier,
        };
    }

    private static IReadOnlyList<JsonElement> ReadInput(JsonFields fields)
    {
        var input = fields.Value("input");
        switch (input?.ValueKind)
        {
            case null when fields.DeferUnsupported && (fields.Value("prompt") is not null || fields.Value("conversation") is not null):
                // OpenAI takes the input from the stored prompt or conversation; only the translation needs one.
                return [];
            case null:
                fields.Fail(GatewayErrors.MissingParameter("input"));
                return [];
            case JsonValueKind.String:
                return [ResponseItems.UserMessage(input.Value.GetString()!)];
            case JsonValueKind.Array:
                var items = input.Value.EnumerateArray().ToList();
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i].ValueKind != JsonValueKind.Object)
                    {
                        fields.Fail(GatewayErrors.InvalidType($"input[{i}]", "an object (an input item)"));
                    }
                }

                return items;
            default:
                fields.Fail(GatewayErrors.InvalidType("input", "a string or an array of input items"));
                return [];
        }
    }

    private static JsonElement? ReadText(JsonFields fields)
    {
        var text = fields.Object("text");
        if (text is null)
        {
            return null;
        }

        var textFields = new JsonFields(text.Value, "text");
        var format = textFields.Object("format");
        textFields.String("verbosity");
        if (textFields.Error is { } textError)
        {
            fields.Fail(textError);
        }

        if (format is not null)
        {
            var formatFields = new JsonFields(format.Value, "text.format");
            switch (formatFields.RequiredString("type"))
            {
                case "text" or "json_object" or "":
                    break;
                case "json_schema":
                    formatFields.RequiredString("name");
                    if (formatFields.Object("schema") is null && !formatFields.Failed)
                    {
                        formatFields.Fail(GatewayErrors.MissingParameter("text.format.schema"));
                    }

                    formatFields.String("description");
                    formatFields.Bool("strict");
                    break;
                default:
                    formatFields.Fail(GatewayErrors.InvalidValue("text.format.type", "expected 'text', 'json_object' or 'json_schema'."));
                    break;
            }

            if (formatFields.Error is { } error)
            {
                fields.Fail(error);
            }
        }

        return text;
    }

    private static (JsonElement? Reasoning, string? Effort) ReadReasoning(JsonFields fields)
    {
        var reasoning = fields.Object("reasoning");
        if (reasoning is null)
        {
            return (null, null);
        }

        var reasoningFields = new JsonFields(reasoning.Value, "reasoning");
        var effort = reasoningFields.String("effort");
        reasoningFields.String("summary");
        if (reasoningFields.Error is { } error)
        {
            fields.Fail(error);
        }

        return (reasoning, effort);
    }

    private static JsonElement? ReadMetadata(JsonFields fields)
    {
        var metadata = fields.Object("metadata");
        foreach (var pair in metadata?.EnumerateObject() ?? default)
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                fields.Fail(GatewayErrors.InvalidType($"metadata.{pair.Name}", "a string"));
            }
        }

        return metadata;
    }

    private static IReadOnlyList<string> ReadInclude(JsonFields fields)
    {
        var include = fields.Array("include");
        if (include is null)
        {
            return [];
        }

        var values = new List<string>();
        var i = 0;
        foreach (var value in include.Value.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                values.Add(value.GetString()!);
            }
            else
            {
                fields.Fail(GatewayErrors.InvalidType($"include[{i}]", "a string"));
            }

            i++;
        }

        return values;
    }

    private static void RefuseUnsupported(JsonFields fields)
    {
        if (fields.Bool("background") == true)
        {
            fields.Fail(ResponsesErrors.Unsupported("background", "responses are generated while the request is open; send background: false."));
        }

        if (fields.Value("conversation") is not null)
        {
            fields.Fail(ResponsesErrors.Unsupported("conversation", "the Conversations API is not available; use previous_response_id."));
        }

        if (fields.Value("prompt") is not null)
        {
            fields.Fail(ResponsesErrors.Unsupported("prompt", "stored prompt templates are not available; send instructions and input."));
        }

        if (fields.Value("context_management") is not null)
        {
            fields.Fail(ResponsesErrors.Unsupported("context_management", "server-side compaction is not available."));
        }

        if (fields.Integer("top_logprobs") is > 0)
        {
            fields.Fail(ResponsesErrors.Unsupported("top_logprobs", "log probabilities are not returned."));
        }
    }
}
