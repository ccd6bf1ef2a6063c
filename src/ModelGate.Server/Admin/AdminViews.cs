using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGate.Core.Governance;

namespace ModelGate.Server.Admin;

/// <summary>A virtual key as the admin API shows it: never its secret or its hash, only its hint.</summary>
public sealed record KeyView(
    string Id,
    string Object,
    string Name,
    string KeyHint,
    string? TeamId,
    string? Owner,
    IReadOnlyList<string>? Models,
    IReadOnlyList<string>? Routes,
    bool RouteOverride,
    string Scope,
    DateTimeOffset? ExpiresAt,
    IReadOnlyDictionary<string, string> Metadata,
    int? Rpm,
    int? Tpm,
    int? MaxParallel,
    decimal? MaxBudgetUsd,
    string? BudgetPeriod,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RevokedAt)
{
    public static KeyView Of(VirtualKeyRecord key) => new(
        key.Id, "virtual_key", key.Name, key.Hint, key.TeamId, key.Owner, key.AllowedModels, key.AllowedRoutes, key.RouteOverride,
        ScopeNames.Name(key.Scope), key.ExpiresAt, key.Metadata, key.Limits.Rpm, key.Limits.Tpm, key.Limits.MaxParallel,
        key.Limits.MaxBudgetUsd, key.Limits.BudgetPeriod is { } period ? ScopeNames.Name(period) : null, key.CreatedAt, key.UpdatedAt, key.RevokedAt);
}

public sealed record TeamView(
    string Id,
    string Object,
    string Name,
    IReadOnlyList<string>? Models,
    IReadOnlyDictionary<string, string> Metadata,
    int? Rpm,
    int? Tpm,
    int? MaxParallel,
    decimal? MaxBudgetUsd,
    string? BudgetPeriod,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TeamView Of(TeamRecord team) => new(
        team.Id, "team", team.Name, team.AllowedModels, team.Metadata, team.Limits.Rpm, team.Limits.Tpm, team.Limits.MaxParallel,
        team.Limits.MaxBudgetUsd, team.Limits.BudgetPeriod is { } period ? ScopeNames.Name(period) : null, team.CreatedAt, team.UpdatedAt);
}

public sealed record AuditView(
    long Id, DateTimeOffset At, string Actor, string Action, string TargetType, string TargetId, string? TeamId,
    JsonElement? Before, JsonElement? After)
{
    public static AuditView Of(AuditEntry entry) => new(
        entry.Id, entry.At, entry.Actor, entry.Action, entry.TargetType, entry.TargetId, entry.TeamId, Parse(entry.Before), Parse(entry.After));

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record DeploymentView(
    string Model, string Provider, string ProviderModel, string Deployment, int Weight, int Priority, string? Region,
    IReadOnlyList<string> Tags, DeploymentHealthView Health);

/// <param name="Healthy">Not cooling down now.</param>
public sealed record DeploymentHealthView(bool Healthy, int InFlight, double? LatencyMs, int ConsecutiveFailures, DateTimeOffset? CooldownUntil);

public sealed record ModelView(
    string Id, string Object, string Strategy, IReadOnlyList<string> Fallbacks, IReadOnlyList<DeploymentView> Deployments);

public sealed record ListView<T>(string Object, IReadOnlyList<T> Data);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(TeamView))]
[JsonSerializable(typeof(ListView<KeyView>))]
[JsonSerializable(typeof(ListView<TeamView>))]
[JsonSerializable(typeof(ListView<AuditView>))]
[JsonSerializable(typeof(ListView<ModelView>))]
[JsonSerializable(typeof(ListView<DeploymentView>))]
[JsonSerializable(typeof(SpendListView))]
[JsonSerializable(typeof(BudgetView))]
[JsonSerializable(typeof(ListView<BudgetAlertView>))]
public sealed partial class AdminJson : JsonSerializerContext;
