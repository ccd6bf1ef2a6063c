using System.ComponentModel;


namespace ModelGate.Server.Admin;

// The admin API's request bodies as the OpenAPI document describes them. The handlers read bodies field by field
// (AdminBody), so these records only document the fields; their names and rules are those of KeyAdminEndpoints and
// TeamAdminEndpoints.

[Description("A new virtual key. Only `name` is required.")]
public sealed record KeyCreateRequest(
    [property: Description("Shown in lists and logs (1–200 characters).")] string Name,
    [property: Description("The team the key belongs to; implied for a team admin.")] string? TeamId = null,
    [property: Description("Who the key is for.")] string? Owner = null,
    [property: Description("Public model names the key may use; `*` matches any run of characters. Absent or null: all.")] IReadOnlyList<string>? Models = null,
    [property: Description("Request paths the key may call, each starting with `/`. Absent or null: all.")] IReadOnlyList<string>? Routes = null,
    [property: Description("May steer routing with `x-modelgate-route`.")] bool? RouteOverride = null,
    [property: Description("`inference` (default), `team_admin` or `admin`.")] string? Scope = null,
    [property: Description("ISO 8601 time after which the key is refused; must be in the future.")] DateTimeOffset? ExpiresAt = null,
    [property: Description("String values kept for you.")] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: Description("Requests per minute.")] int? Rpm = null,
    [property: Description("Tokens per minute.")] int? Tpm = null,
    [property: Description("Requests in flight at once.")] int? MaxParallel = null,
    [property: Description("Spend cap in USD, up to 6 decimals.")] decimal? MaxBudgetUsd = null,
    [property: Description("`daily`, `weekly`, `monthly` or `never`.")] string? BudgetPeriod = null);

[Description("The fields to change; absent fields keep their value and `null` clears an optional one.")]
public sealed record KeyUpdateRequest(
    string? Name = null, string? TeamId = null, string? Owner = null, IReadOnlyList<string>? Models = null, IReadOnlyList<string>? Routes = null,
    bool? RouteOverride = null, string? Scope = null, DateTimeOffset? ExpiresAt = null, IReadOnlyDictionary<string, string>? Metadata = null,
    int? Rpm = null, int? Tpm = null, int? MaxParallel = null, decimal? MaxBudgetUsd = null, string? BudgetPeriod = null);

[Description("A new team. Only `name` is required; it must be unique.")]
public sealed record TeamCreateRequest(
    string Name, IReadOnlyList<string>? Models = null, IReadOnlyDictionary<string, string>? Metadata = null,
    int? Rpm = null, int? Tpm = null, int? MaxParallel = null, decimal? MaxBudgetUsd = null, string? BudgetPeriod = null);

[Description("The fields to change; absent fields keep their value and `null` clears an optional one.")]
public sealed record TeamUpdateRequest(
    string? Name = null, IReadOnlyList<string>? Models = null, IReadOnlyDictionary<string, string>? Metadata = null,
    int? Rpm = null, int? Tpm = null, int? MaxParallel = null, decimal? MaxBudgetUsd = null, string? BudgetPeriod = null);

[Description("A key just created: the key as the API shows it, plus the secret itself in `key`, shown only this once.")]
public sealed record CreatedKeyView(
    [property: Description("The virtual key (`mg-…`); it is never returned again.")] string Key,
    string Id, string Object, string Name, string KeyHint, string? TeamId, string? Owner, IReadOnlyList<string>? Models,
    IReadOnlyList<string>? Routes, bool RouteOverride, string Scope, DateTimeOffset? ExpiresAt, IReadOnlyDictionary<string, string> Metadata,
    int? Rpm, int? Tpm, int? MaxParallel, decimal? MaxBudgetUsd, string? BudgetPeriod, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? RevokedAt);

[Description("An error, in OpenAI's shape.")]
public sealed record AdminErrorResponse(AdminErrorBody Error);

public sealed record AdminErrorBody(
    string Message,
    [property: Description("`invalid_request_error` or `permission_error` (`server_error` for a bug).")] string Type,
    [property: Description("The field at fault, such as `models[1]` or `metadata.env`.")] string? Param,
    string Code);

