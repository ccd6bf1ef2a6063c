namespace ModelGate.Core.Governance;

/// <summary>Teams: names, allowed models, limits and budgets. Versioned like <see cref="IKeyStore"/>.</summary>
public interface ITeamStore
{
    /// <summary>False when a team with that name already exists.</summary>
    Task<bool> CreateAsync(TeamRecord team, CancellationToken cancellation = default);

    Task<TeamRecord?> GetAsync(string id, CancellationToken cancellation = default);

    Task<TeamRecord?> FindByNameAsync(string name, CancellationToken cancellation = default);

    Task<IReadOnlyList<TeamRecord>> ListAsync(CancellationToken cancellation = default);

    /// <summary>Reads, changes and writes one team as one step; null when there is no such team.</summary>
    /// <exception cref="DuplicateNameException">The new name is another team's.</exception>
    Task<(TeamRecord Before, TeamRecord After)?> UpdateAsync(
        string id, Func<TeamRecord, TeamRecord> change, CancellationToken cancellation = default);

    /// <summary>The deleted team, or null when there was none.</summary>
    Task<TeamRecord?> DeleteAsync(string id, CancellationToken cancellation = default);

    /// <summary>The whole current set of teams and the store's team version, for caches.</summary>
    Task<(IReadOnlyList<TeamRecord> Teams, long Version)> SnapshotAsync(CancellationToken cancellation = default);

    /// <summary>The store's team version alone: cheap to poll.</summary>
    Task<long> VersionAsync(CancellationToken cancellation = default);
}

/// <summary>A name that must be unique is taken.</summary>
public sealed class DuplicateNameException(string name) : Exception($"The name '{name}' is already taken.")
{
    public string Name { get; } = name;
}
