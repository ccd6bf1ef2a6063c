namespace ModelGate.Core.Governance;

/// <summary>The wire and storage names of <see cref="KeyScope"/> and <see cref="BudgetPeriod"/>.</summary>
public static class ScopeNames
{
    public const string Inference = "inference";
    public const string TeamAdmin = "team_admin";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Inference, TeamAdmin, Admin];

    public static string Name(KeyScope scope) => scope switch
    {
        KeyScope.Admin => Admin,
        KeyScope.TeamAdmin => TeamAdmin,
        _ => Inference,
    };

    public static KeyScope? Parse(string? name) => name switch
    {
        Inference => KeyScope.Inference,
        TeamAdmin => KeyScope.TeamAdmin,
        Admin => KeyScope.Admin,
        _ => null,
    };

    public static readonly IReadOnlyList<string> Periods = ["daily", "weekly", "monthly", "never"];

    public static string Name(BudgetPeriod period) => period.ToString().ToLowerInvariant();

    public static BudgetPeriod? ParsePeriod(string? name) => name switch
    {
        "daily" => BudgetPeriod.Daily,
        "weekly" => BudgetPeriod.Weekly,
        "monthly" => BudgetPeriod.Monthly,
        "never" => BudgetPeriod.Never,
        _ => null,
    };
}
