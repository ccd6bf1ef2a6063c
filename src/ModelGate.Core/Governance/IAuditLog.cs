namespace ModelGate.Core.Governance;

/// <summary>Append-only history of admin changes.</summary>
public interface IAuditLog
{
    /// <summary>Stores the entry; its <see cref="AuditEntry.Id"/> is assigned by the log and returned.</summary>
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellation = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellation = default);
}

/// <param name="BeforeId">Only entries older than this id (for paging).</param>
public sealed record AuditQuery(string? TeamId = null, string? TargetId = null, long? BeforeId = null, int Limit = 100);
