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

    public IEnumerable<AnalysisRow> ReadForAnalysis(CancellationToken cancellationToken) => EventQueries.ReadForAnalysis(store, cancellationToken);

    public IEnumerable<SenderRow> ReadSenders(CancellationToken cancellationToken) =>
        EventQueries.ReadSenders(store, cancellationToken).Select(s => new SenderRow(s.From, s.Direction, s.Thread, s.Channel));

    public IEnumerable<CommunicationEvent> ReadKind(EventKind kind, CancellationToken cancellationToken) => TrackingQueries.ReadKind(store, kind, cancellationToken);

    public IReadOnlyList<NameRow> ReadNames() => PersonQueries.Names(store).Select(n => new NameRow(n.Identifier, n.Name, n.Basis)).ToList();

    public IReadOnlyList<CardRow> ReadCards() => PersonQueries.Cards(store).Select(c => new CardRow(c.Name, c.Identifiers, c.Source)).ToList();

    public IReadOnlyList<CommunicationEvent> EventsByIds(IEnumerable<string> ids) => PersonQueries.EventsByIds(store, ids);

    public IReadOnlyList<StoredOrder> ActiveOrders() => OrderQueries.Active(store);

    public long HighWaterMark() => EventQueries.HighWaterMark(store);

    public IEnumerable<CommunicationEvent> ReadAdded(long afterRow, long upToRow, CancellationToken cancellationToken) =>
        EventQueries.ReadStored(store, afterRow, upToRow, cancellationToken).Select(s => s.Event);

    public StoredSnapshot? LatestSnapshot() => SnapshotQueries.Latest(store);

    public bool KeepsSnapshots => !store.IsReadOnly;

    public void SaveSnapshot(string command, long eventHighWater, string contactsJson, DateTimeOffset now) =>
        SnapshotQueries.Save(store, command, eventHighWater, contactsJson, now);

    public string CaseName => Path.GetFileName(store.Directory);
}
