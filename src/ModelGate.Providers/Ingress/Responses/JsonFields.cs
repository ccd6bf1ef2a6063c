using System.Text.Json;
using ModelGate.Core.Errors;

namespace ModelGate.Providers.Ingress.Responses;

/// <summary>
/// Typed reads of an object's fields that record the first error instead of throwing. A field that is absent or
/// <c>null</c> reads as null; a field of the wrong type is an <c>invalid_type</c> error naming <c>path.field</c>.
/// </summary>
internal sealed class JsonFields(JsonElement obj, string path)
{
    public GatewayError? Error { get; private set; }

    public bool Failed => Error is not null;

    public JsonElement Element => obj;

    public string PathOf(string name) => path.Length == 0 ? name : $"{path}.{name}";

    public JsonElement? Value(string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(string name) => Typed(name, JsonValueKind.String, "a string")?.GetString();

    public string RequiredString(string name)
    {
        var value = String(name);
        if (value is null && !Failed)
        {
            Fail(GatewayErrors.MissingParameter(PathOf(name)));
        }

        return value ?? "";
    }

    public bool? Bool(string name)
    {
        var value = Value(name);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.Value.GetBoolean();
        }

        Fail(GatewayErrors.InvalidType(PathOf(name), "a boolean"));
        return null;
    }

    public double? Number(string name) => Typed(name, JsonValueKind.Number, "a number")?.GetDouble();

    public int? Integer(string name)
    {
        var value = Typed(name, JsonValueKind.Number, "an integer");
        if (value is null)
        {
            return null;
        }

        if (value.Value.TryGetInt32(out var number))
        {
            return number;
        }

        Fail(GatewayErrors.InvalidType(PathOf(name), "an integer"));
        return null;
    }

    public JsonElement? Object(string name) => Typed(name, JsonValueKind.Object, "an object");

    public JsonElement? Array(string name) => Typed(name, JsonValueKind.Array, "an array");

    public JsonElement? Typed(string name, JsonValueKind kind, string expected)
    {
        var value = Value(name);
        if (value is null || Failed)
        {
            return null;
        }

        if (value.Value.ValueKind == kind)
        {
            return value;
        }

        Fail(GatewayErrors.InvalidType(PathOf(name), expected));
        return null;
    }

    /// <summary>
    /// Set on a body that may pass through to OpenAI untranslated: an <c>unsupported_parameter</c> error is then kept
    /// in <see cref="Unsupported"/> instead of failing the read, since only its translation is impossible.
    /// </summary>
    public bool DeferUnsupported { get; init; }

    /// <summary>The first feature that cannot be translated, when <see cref="DeferUnsupported"/> is set.</summary>
    public GatewayError? Unsupported { get; private set; }

    public void Fail(GatewayError error)
    {
        if (DeferUnsupported && error.Code == ErrorCodes.UnsupportedParameter)
        {
            Unsupported ??= error;
            return;
        }

        Error ??= error;
    }
}
