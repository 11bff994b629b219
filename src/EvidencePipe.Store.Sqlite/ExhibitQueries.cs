namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// The exhibit files a case recorded, found by their SHA-256: what the web page may show of a photo or a screenshot.
/// Only rows of the <c>sources</c> table are ever named, so a request can reach no file the case does not reference.
/// </summary>
public static class ExhibitQueries
{
    /// <summary>
    /// The photo and video exhibits (format <c>image-…</c> or <c>video-…</c>, as the media reader recorded them) whose
    /// SHA-256 is among <paramref name="sha256s"/>; the first recorded copy of each. Keyed by SHA-256.
    /// </summary>
    public static IReadOnlyDictionary<string, ExhibitFile> Media(CaseStore store, IEnumerable<string> sha256s)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sha256s);
        var found = new Dictionary<string, ExhibitFile>(StringComparer.Ordinal);
        // One look-up per distinct hash on the UNIQUE(sha256, path) index: a conversation names few distinct files.
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {Columns} FROM sources
            WHERE sha256 = $sha AND (format LIKE 'image-%' OR format LIKE 'video-%')
            ORDER BY id LIMIT 1
            """;
        var sha = cmd.Parameters.Add("$sha", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var wanted in sha256s.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal))
        {
            sha.Value = wanted;
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                found[wanted] = Read(r);
            }
        }

        return found;
    }

    private const string Columns = "sha256, path, abs_path, container_entry, size, format";

    private static ExhibitFile Read(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5));
}

/// <summary>An exhibit file as the case recorded it: SHA-256, path relative to the ingest root, where it was read, size and format.</summary>
public sealed record ExhibitFile(string Sha256, string Path, string AbsolutePath, string? ContainerEntry, long Size, string? Format)
{
    /// <summary>The file's own name (the entry's, inside an archive).</summary>
    public string FileName => System.IO.Path.GetFileName((ContainerEntry ?? Path).Replace('\\', '/'));
}
