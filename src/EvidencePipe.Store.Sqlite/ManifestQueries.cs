namespace EvidencePipe.Store.Sqlite;

/// <summary>Read-only queries behind the <c>manifest</c> command (the exhibit list and its diagnostics).</summary>
public static class ManifestQueries
{
    /// <summary>
    /// Every diagnostic with its source, ordered by source path, source hash, then the order the
    /// reader reported them in — deterministic even when two sources share a path.
    /// </summary>
    public static IEnumerable<ManifestDiagnostic> ReadDiagnostics(CaseStore store, CancellationToken cancellationToken)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = """
            SELECT s.path, s.sha256, d.locator, d.severity, d.reason
            FROM diagnostics d JOIN sources s ON s.id = d.source_id
            ORDER BY s.path, s.sha256, d.id
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ManifestDiagnostic(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4));
        }
    }
}

public sealed record ManifestDiagnostic(string SourcePath, string SourceSha256, string Locator, string Severity, string Reason);
