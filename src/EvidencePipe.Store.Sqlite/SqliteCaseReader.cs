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
}
