using EvidencePipe.Model;
using EvidencePipe.Store;

namespace EvidencePipe.Store.Sqlite;

/// <summary>The SQLite engine's <see cref="ICaseReader"/>: the case directory's queries, unchanged.</summary>
public sealed class SqliteCaseReader(CaseStore store) : ICaseReader
{
    public string? GetMeta(string key) => store.GetMeta(key);

    public IEnumerable<CommunicationEvent> ReadAllOrdered(CancellationToken cancellationToken) => EventQueries.ReadAllOrdered(store, cancellationToken);

    public IReadOnlyDictionary<string, IReadOnlyList<string>> AttachmentLinks() => EventQueries.AttachmentLinks(store);

    public IEnumerable<PartyRow> ReadParties(CancellationToken cancellationToken) =>
        EventQueries.ReadForAnalysis(store, cancellationToken).Select(r => new PartyRow(r.From, r.Direction, r.To, r.TimeMs));

    public IReadOnlyList<ManifestSource> ReadSources() =>
        store.ReadSources().Select(s => new ManifestSource(
            s.Sha256, s.Path, s.AbsolutePath, s.Size, s.Format, s.Status, s.RecordsRead, s.RecordsRecovered, s.RecordsSkipped, s.Diagnostics)
        {
            ContainerEntry = s.ContainerEntry,
        }).ToList();

    public IEnumerable<ManifestDiagnosticRow> ReadDiagnostics(CancellationToken cancellationToken) =>
        ManifestQueries.ReadDiagnostics(store, cancellationToken).Select(d => new ManifestDiagnosticRow(d.SourcePath, d.SourceSha256, d.Locator, d.Severity, d.Reason));
}
