using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>The request options that are objects of their own: <c>thinking</c>, <c>output_config</c>, <c>metadata</c>.</summary>
internal static class RequestOptions
{
    private static readonly HashSet<string> MetadataFields = ["user_id"];
    private static readonly HashSet<string> ThinkingFields = ["type", "budget_tokens"];
    private static readonly HashSet<string> OutputConfigFields = ["format"];
    private static readonly HashSet<string> OutputFormatFields = ["type", "schema"];

    /// <summary>
    /// <c>{"type":"enabled","budget_tokens":N}</c> is kept as the <c>thinking</c> extension field, which the Anthropic
    /// provider sends as it is; <c>disabled</c> is the default and writes nothing.
    /// </summary>
    public static GatewayError? WriteThinking(JsonElement? field, Utf8JsonWriter json)
    {
        if (RequestFields.IsAbsent(field))
        {
            return null;
        }

        var thinking = field!.Value;
        if ((RequestFields.Object(thinking, "thinking") ?? RequestFields.OnlyKnown(thinking, "thinking", ThinkingFields)) is { } invalid)
        {
            return invalid;
        }

        if (RequestFields.RequiredString(thinking, "type", "thinking", out var type) is { } typeError)
        {
            return typeError;
        }

        switch (type)
        {
            case "disabled":
                return null;
            case "enabled":
                if (!thinking.TryGetProperty("budget_tokens", out var budget) || RequestFields.IsAbsent(budget))
                {
                    return GatewayErrors.MissingParameter("thinking.budget_tokens");
                }

                if (RequestFields.Integer(budget, "thinking.budget_tokens", 1, out var budgetTokens) is { } budgetError)
                {
                    return budgetError;
                }

                json.WriteStartObject("thinking");
                json.WriteString("type", "enabled");
                json.WriteNumber("budget_tokens", budgetTokens);
                json.WriteEndObject();
                return null;
            default:
                return MessagesErrors.Unsupported("thinking.type", $"'{type}' is not one of enabled, disabled.");
        }
    }

    /// <summary>Structured outputs: <c>output_config.format</c> (a JSON schema) → <c>response_format: json_schema</c>.</summary>
    public static GatewayError? WriteOutputFormat(JsonElement? field, Utf8JsonWriter json)
    {
        if (RequestFields.IsAbsent(field))
        {
            return null;
        }

        var config = field!.Value;
        if ((RequestFields.Object(config, "output_config") ?? RequestFields.OnlyKnown(config, "output_config", OutputConfigFields)) is { } invalid)
        {
            return invalid;
        }

        if (!config.TryGetProperty("format", out var format) || RequestFields.IsAbsent(format))
        {
            return null;
        }

        if ((RequestFields.Object(format, "output_config.format") ?? RequestFields.OnlyKnown(format, "output_config.format", OutputFormatFields)) is { } invalidFormat)
        {
            return invalidFormat;
        }

        if (RequestFields.RequiredString(format, "type", "output_config.format", out var type) is { } typeError)
        {
            return typeError;
        }

        if (type != "json_schema")
        {
            return GatewayErrors.InvalidValue("output_config.format.type", $"'{type}' is not json_schema.");
        }

        if (!format.TryGetProperty("schema", out var schema) || RequestFields.IsAbsent(schema))
        {
            return GatewayErrors.MissingParameter("output_config.format.schema");
        }

        if (RequestFields.Object(schema, "output_config.format.schema") is { } schemaError)
        {
            return schemaError;
        }

        json.WriteStartObject("response_format");
        json.WriteString("type", "json_schema");
        json.WriteStartObject("json_schema");
        json.WriteString("name", "output");
        json.WritePropertyName("schema");
        schema.WriteTo(json);
        json.WriteBoolean("strict", true);
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    public static GatewayError? WriteMetadata(JsonElement? field, Utf8JsonWriter json)
    {
        if (RequestFields.IsAbsent(field))
        {
            return null;
        }

        var metadata = field!.Value;
        if ((RequestFields.Object(metadata, "metadata") ?? RequestFields.OnlyKnown(metadata, "metadata", MetadataFields)) is { } invalid)
        {
            return invalid;
        }

        if (metadata.TryGetProperty("user_id", out var userId) && !RequestFields.IsAbsent(userId))
        {
            if (RequestFields.String(userId, "metadata.user_id", out var user) is { } userError)
            {
                return userError;
            }

            json.WriteString("user", user);
        }

        return null;
    }
}
