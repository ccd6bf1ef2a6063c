namespace ModelGate.Core.Governance;

/// <summary>What a virtual key may do beyond inference.</summary>
public enum KeyScope
{
    /// <summary>Model calls only; refused on <c>/admin</c>.</summary>
    Inference,

    /// <summary>Model calls, and the admin API limited to the key's own team.</summary>
    TeamAdmin,

    /// <summary>Model calls and the whole admin API, like the master key.</summary>
    Admin,
}

/// <summary>How often a budget starts again from zero.</summary>
public enum BudgetPeriod
{
    Never,
    Daily,
    Weekly,
    Monthly,
}

/// <summary>
/// Rate limits and budget of a key or a team; null means no limit. Rate limits are enforced by
/// <see cref="RateLimiting.IRateLimiter"/>, budgets by <see cref="Budgets.IBudgetTracker"/>.
/// </summary>
public sealed record GovernanceLimits(
    int? Rpm = null,
    int? Tpm = null,
    int? MaxParallel = null,
    decimal? MaxBudgetUsd = null,
    BudgetPeriod? BudgetPeriod = null)
{
    public static readonly GovernanceLimits None = new();

    public RateLimiting.RateLimits RateLimits => new(Rpm, Tpm, MaxParallel);
}

/// <param name="AllowedModels">Public model names and <c>*</c> patterns its keys may use; null means all.</param>
public sealed record TeamRecord(
    string Id,
    string Name,
    IReadOnlyList<string>? AllowedModels,
    GovernanceLimits Limits,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A virtual key as stored, without its secret: only its hint (first and last characters) is kept readable.</summary>
/// <param name="Hint">The key's first characters and last four, e.g. <c>mg-AbCd…wxYz</c>.</param>
/// <param name="AllowedModels">Public model names and <c>*</c> patterns; null means all (within the team's).</param>
/// <param name="AllowedRoutes">Request paths and <c>*</c> patterns the key may call; null means all.</param>
/// <param name="RouteOverride">The key may steer routing with <c>x-modelgate-route</c>.</param>
public sealed record VirtualKeyRecord(
    string Id,
    string Name,
    string Hint,
    string? TeamId,
    string? Owner,
    IReadOnlyList<string>? AllowedModels,
    IReadOnlyList<string>? AllowedRoutes,
    bool RouteOverride,
    KeyScope Scope,
    DateTimeOffset? ExpiresAt,
    IReadOnlyDictionary<string, string> Metadata,
    GovernanceLimits Limits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}

/// <summary>One admin change: who, what, when, and the object before and after (as JSON, never a secret).</summary>
/// <param name="Actor"><c>master</c>, <c>key:&lt;id&gt;</c> for a virtual key, or <c>cli:&lt;user&gt;</c>.</param>
/// <param name="Action">E.g. <c>key.create</c>, <c>key.update</c>, <c>key.revoke</c>, <c>team.delete</c>.</param>
/// <param name="TeamId">The team the changed object belongs to, so a team admin sees its own team's history.</param>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string TargetType,
    string TargetId,
    string? TeamId,
    string? Before,
    string? After);
