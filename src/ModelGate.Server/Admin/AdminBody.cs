using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Governance;

namespace ModelGate.Server.Admin;

/// <summary>
/// A JSON object sent to the admin API, read field by field. Unknown fields are refused; the first bad field
/// becomes <see cref="Error"/>, a 400 that names it. A field that is present with <c>null</c> clears an optional value.
/// </summary>
public sealed class AdminBody
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxNameChars = 200;
    public const int MaxListItems = 1000;
    public const int MaxMetadataEntries = 100;
    public const int MaxMetadataValueChars = 4000;

    private readonly JsonElement root;

    private AdminBody(JsonElement root) => this.root = root;

    public GatewayError? Error { get; private set; }

    public static async Task<(AdminBody? Body, GatewayError? Error)> ReadAsync(HttpContext context, IReadOnlySet<string> fields)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, GatewayErrors.RequestTooLarge(MaxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, GatewayErrors.InvalidJson(e.Message));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, GatewayErrors.InvalidJson("the body must be a JSON object"));
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!fields.Contains(property.Name))
            {
                return (null, AdminErrors.UnknownParameter(property.Name));
            }
        }

        return (new AdminBody(root), null);
    }

    public bool Has(string name) => root.TryGetProperty(name, out _);

    /// <summary>A non-empty string of at most <paramref name="maxChars"/> characters; null when absent or null.</summary>
    public string? String(string name, bool required = false, int maxChars = MaxNameChars)
    {
        if (!Present(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail<string>(GatewayErrors.InvalidType(name, "a string"));
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxChars)
        {
            return Fail<string>(GatewayErrors.InvalidValue(name, $"must be 1 to {maxChars} characters."));
        }

        return text;
    }

    /// <summary>A list of non-empty strings (model names, routes, <c>*</c> patterns); null means "all".</summary>
    public IReadOnlyList<string>? Names(string name, Func<string, string?>? check = null)
    {
        if (!Present(name, false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail<IReadOnlyList<string>>(GatewayErrors.InvalidType(name, "an array of strings or null"));
        }

        var names = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{name}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                return Fail<IReadOnlyList<string>>(GatewayErrors.InvalidType(path, "a string"));
            }

            var text = item.GetString()!;
            if (text.Length == 0 || text.Length > MaxNameChars)
            {
                return Fail<IReadOnlyList<string>>(GatewayErrors.InvalidValue(path, $"must be 1 to {MaxNameChars} characters."));
            }

            if (check?.Invoke(text) is { } problem)
            {
                return Fail<IReadOnlyList<string>>(GatewayErrors.InvalidValue(path, problem));
            }

            names.Add(text);
        }

        return names.Count > MaxListItems
            ? Fail<IReadOnlyList<string>>(GatewayErrors.InvalidValue(name, $"may hold at most {MaxListItems} entries."))
            : names;
    }

    public bool? Bool(string name)
    {
        if (!Present(name, false, out var value))
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : Fail<bool?>(GatewayErrors.InvalidType(name, "a boolean"));
    }

    /// <summary>A whole number of at least 1 (a limit), or null for none.</summary>
    public int? Limit(string name)
    {
        if (!Present(name, false, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number >= 1 ? number : Fail<int?>(GatewayErrors.InvalidValue(name, "must be at least 1, or null for no limit."))
            : Fail<int?>(GatewayErrors.InvalidType(name, "a whole number or null"));
    }

    /// <summary>USD, at least 0, in whole micro-dollars at most.</summary>
    public decimal? Money(string name)
    {
        if (!Present(name, false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
        {
            return Fail<decimal?>(GatewayErrors.InvalidType(name, "a number or null"));
        }

        return amount < 0 || amount > 1_000_000_000m || decimal.Round(amount, 6) != amount
            ? Fail<decimal?>(GatewayErrors.InvalidValue(name, "must be between 0 and 1000000000 USD with at most 6 decimal places."))
            : amount;
    }

    /// <summary>An ISO 8601 time with an offset, e.g. <c>2026-01-31T00:00:00Z</c>.</summary>
    public DateTimeOffset? Time(string name)
    {
        if (!Present(name, false, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : Fail<DateTimeOffset?>(GatewayErrors.InvalidValue(name, "must be an ISO 8601 time such as 2026-01-31T00:00:00Z."));
    }

    /// <summary>An object of string values; absent or null is an empty map.</summary>
    public IReadOnlyDictionary<string, string> Metadata(string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Present(name, false, out var value))
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Fail<IReadOnlyDictionary<string, string>>(GatewayErrors.InvalidType(name, "an object of strings")) ?? map;
        }

        foreach (var property in value.EnumerateObject())
        {
            var path = $"{name}.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return Fail<IReadOnlyDictionary<string, string>>(GatewayErrors.InvalidType(path, "a string")) ?? map;
            }

            if (property.Name.Length is 0 or > MaxNameChars || property.Value.GetString()!.Length > MaxMetadataValueChars)
            {
                return Fail<IReadOnlyDictionary<string, string>>(GatewayErrors.InvalidValue(path,
                    $"names must be 1 to {MaxNameChars} characters and values at most {MaxMetadataValueChars}.")) ?? map;
            }

            map[property.Name] = property.Value.GetString()!;
        }

        return map.Count > MaxMetadataEntries
            ? Fail<IReadOnlyDictionary<string, string>>(GatewayErrors.InvalidValue(name, $"may hold at most {MaxMetadataEntries} entries.")) ?? map
            : map;
    }

    public KeyScope? Scope(string name)
    {
        var text = String(name, maxChars: 32);
        return text is null ? null : ScopeNames.Parse(text)
            ?? Fail<KeyScope?>(GatewayErrors.InvalidValue(name, $"must be one of {string.Join(", ", ScopeNames.All)}."));
    }

    public BudgetPeriod? Period(string name)
    {
        var text = String(name, maxChars: 32);
        return text is null ? null : ScopeNames.ParsePeriod(text)
            ?? Fail<BudgetPeriod?>(GatewayErrors.InvalidValue(name, $"must be one of {string.Join(", ", ScopeNames.Periods)}."));
    }

    /// <summary>The limit and budget fields, each kept from <paramref name="current"/> when absent.</summary>
    public GovernanceLimits Limits(GovernanceLimits current) => new(
        Has("rpm") ? Limit("rpm") : current.Rpm,
        Has("tpm") ? Limit("tpm") : current.Tpm,
        Has("max_parallel") ? Limit("max_parallel") : current.MaxParallel,
        Has("max_budget_usd") ? Money("max_budget_usd") : current.MaxBudgetUsd,
        Has("budget_period") ? Period("budget_period") : current.BudgetPeriod);

    /// <summary>Records a problem found by the caller, unless an earlier one is already recorded.</summary>
    public void Reject(GatewayError error) => Error ??= error;

    private bool Present(string name, bool required, out JsonElement value)
    {
        if (!root.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Reject(GatewayErrors.MissingParameter(name));
            }

            return false;
        }

        return true;
    }

    private T? Fail<T>(GatewayError error)
    {
        Reject(error);
        return default;
    }
}
