using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Anthropic;

/// <summary>
/// Typed reads of request fields that say exactly which field is wrong: each returns the error to answer with,
/// or null and the value. JSON <c>null</c> counts as absent for optional fields, as the Messages API treats it.
/// </summary>
internal static class RequestFields
{
    public static bool IsAbsent(JsonElement? value) => value is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };

    public static GatewayError? String(JsonElement value, string path, out string text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return value.ValueKind == JsonValueKind.String ? null : GatewayErrors.InvalidType(path, "a string");
    }

    public static GatewayError? RequiredString(JsonElement parent, string name, string path, out string text)
    {
        text = "";
        return parent.TryGetProperty(name, out var value) && !IsAbsent(value)
            ? String(value, $"{path}.{name}", out text)
            : GatewayErrors.MissingParameter($"{path}.{name}");
    }

    public static GatewayError? Object(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? null : GatewayErrors.InvalidType(path, "an object");

    public static GatewayError? Array(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array ? null : GatewayErrors.InvalidType(path, "an array");

    public static GatewayError? Number(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number ? null : GatewayErrors.InvalidType(path, "a number");

    public static GatewayError? Boolean(JsonElement value, string path, out bool flag)
    {
        flag = value.ValueKind == JsonValueKind.True;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : GatewayErrors.InvalidType(path, "a boolean");
    }

    public static GatewayError? Integer(JsonElement value, string path, int minimum, out int number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out number))
        {
            return GatewayErrors.InvalidType(path, "an integer");
        }

        return number < minimum ? GatewayErrors.InvalidValue(path, $"must be at least {minimum}.") : null;
    }

    /// <summary>The first property of <paramref name="value"/> not in <paramref name="known"/>, as an error naming it.</summary>
    public static GatewayError? OnlyKnown(JsonElement value, string path, IReadOnlySet<string> known)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                return MessagesErrors.UnknownField($"{path}.{property.Name}");
            }
        }

        return null;
    }

    /// <summary>Copies <c>cache_control</c> (an object) when present.</summary>
    public static GatewayError? CopyCacheControl(JsonElement block, string path, Utf8JsonWriter json)
    {
        if (!block.TryGetProperty("cache_control", out var cacheControl) || IsAbsent(cacheControl))
        {
            return null;
        }

        if (Object(cacheControl, $"{path}.cache_control") is { } error)
        {
            return error;
        }

        json.WritePropertyName("cache_control");
        cacheControl.WriteTo(json);
        return null;
    }
}
