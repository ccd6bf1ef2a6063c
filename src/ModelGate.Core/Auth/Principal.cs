using ModelGate.Core.Governance;
using ModelGate.Core.RateLimiting;

namespace ModelGate.Core.Auth;

/// <summary>Who is calling, as the gateway knows them after authentication.</summary>
/// <param name="AllowedModels">Public model names this caller may use; null means all.</param>
/// <param name="MayOverrideRoute">The caller may steer routing per request (<c>x-modelgate-route</c>).</param>
public sealed record Principal(string Name, IReadOnlySet<string>? AllowedModels, bool IsMaster, bool MayOverrideRoute)
{
    /// <summary>Further model rules that must all allow a model (a virtual key's own, its team's), <c>*</c> patterns allowed.</summary>
    public IReadOnlyList<NamePatterns> ModelRules { get; init; } = [];

    /// <summary>Request paths (without <c>/v1</c>) and patterns this caller may call; null means all.</summary>
    public NamePatterns? AllowedRoutes { get; init; }

    /// <summary>What the caller may do on <c>/admin</c>: the master key is <see cref="KeyScope.Admin"/>.</summary>
    public KeyScope Scope { get; init; } = IsMaster ? KeyScope.Admin : KeyScope.Inference;

    /// <summary>The virtual key's id; null for the master key and keys from config.</summary>
    public string? KeyId { get; init; }

    /// <summary>The virtual key's team, if it has one.</summary>
    public string? TeamId { get; init; }

    /// <summary>The rate limits every request of this caller counts against: its key's and its team's.</summary>
    public IReadOnlyList<RateLimitSubject> RateLimits { get; init; } = [];

    /// <summary>The budgets every request of this caller spends from: its key's and its team's.</summary>
    public IReadOnlyList<Budgets.BudgetSubject> Budgets { get; init; } = [];

    /// <summary>How the spend ledger names the caller: the virtual key's id, <c>master</c>, or <c>config:&lt;name&gt;</c>.</summary>
    public string SpendKey => KeyId ?? (IsMaster ? "master" : "config:" + Name);

    public bool MayUse(string model)
    {
        if (AllowedModels is not null && !AllowedModels.Contains(model))
        {
            return false;
        }

        foreach (var rule in ModelRules)
        {
            if (!rule.Matches(model))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the caller may call this path; OpenAI's <c>/v1</c> prefix is ignored on both sides.</summary>
    public bool MayCall(string path) => AllowedRoutes is null || AllowedRoutes.Matches(WithoutVersion(path));

    public static string WithoutVersion(string path) =>
        path.StartsWith("/v1/", StringComparison.Ordinal) ? path[3..] : path;
}
