using EvidencePipe.Model;

namespace EvidencePipe.Store;

/// <summary>
/// What the case commands read, whichever engine holds the case (DESIGN.md "Architecture": SQLite in a case
/// directory, PostgreSQL in a lab). Both engines return the same events in the same order, so an export of the
/// same inputs is byte-identical from either.
/// </summary>
public interface ICaseReader
{
    /// <summary>A case setting (<see cref="Reading.CaseMetaKeys"/>), or null when the case does not record it.</summary>
    string? GetMeta(string key);

    /// <summary>Every event in the export order: time, then id (ordinal). Streams.</summary>
    IEnumerable<CommunicationEvent> ReadAllOrdered(CancellationToken cancellationToken);

    /// <summary>Event id → the other events sharing an attachment hash with it, sorted (ordinal).</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> AttachmentLinks();

    /// <summary>
    /// Sender, direction, recipients (only where the event is not incoming) and time of every dated event, in
    /// time order: what <c>links</c> counts. Streams.
    /// </summary>
    IEnumerable<PartyRow> ReadParties(CancellationToken cancellationToken);

    /// <summary>Every source of the case, ordered by path then SHA-256 (ordinal): the exhibit list.</summary>
    IReadOnlyList<ManifestSource> ReadSources();

    /// <summary>Every diagnostic, ordered by source path, source SHA-256, then the order the reader reported them in. Streams.</summary>
    IEnumerable<ManifestDiagnosticRow> ReadDiagnostics(CancellationToken cancellationToken);

    // What contacts, report and chronology read (CaseAnalysis): the same rows in the same order from either engine,
    // so their output for the same inputs is byte-identical.

    /// <summary>
    /// The columns the contact analysis reads, for every dated event in time order (time, then id), without
    /// materialising whole events; recipients only where the event is not incoming. Streams.
    /// </summary>
    IEnumerable<AnalysisRow> ReadForAnalysis(CancellationToken cancellationToken);

    /// <summary>Sender, direction, thread and channel of every event with a sender (any order): owner inference. Streams.</summary>
    IEnumerable<SenderRow> ReadSenders(CancellationToken cancellationToken);

    /// <summary>Every event of <paramref name="kind"/> (location, app records), in export order. Streams.</summary>
    IEnumerable<CommunicationEvent> ReadKind(EventKind kind, CancellationToken cancellationToken);

    /// <summary>Every distinct (identifier, name, basis), ordered by those three (ordinal).</summary>
    IReadOnlyList<NameRow> ReadNames();

    /// <summary>Every contact card, ordered by source path then locator (ordinal).</summary>
    IReadOnlyList<CardRow> ReadCards();

    /// <summary>The events with these ids (evidence tables), in export order; ids not in the case are left out.</summary>
    IReadOnlyList<CommunicationEvent> EventsByIds(IEnumerable<string> ids);

    /// <summary>The protective orders kept with the case and not removed, in the order they were added.</summary>
    IReadOnlyList<StoredOrder> ActiveOrders();

    /// <summary>How far the case's event rows have got (row ids only grow); 0 for an empty case.</summary>
    long HighWaterMark();

    /// <summary>The events with a row id above <paramref name="afterRow"/> and at most <paramref name="upToRow"/>, in row order. Streams.</summary>
    IEnumerable<CommunicationEvent> ReadAdded(long afterRow, long upToRow, CancellationToken cancellationToken);

    /// <summary>The most recent snapshot a contacts/report run kept, or null.</summary>
    StoredSnapshot? LatestSnapshot();

    /// <summary>Whether a run may keep its snapshot (false for a read-only case: write-blocked media).</summary>
    bool KeepsSnapshots { get; }

    /// <summary>Keeps a run's snapshot (only when <see cref="KeepsSnapshots"/>).</summary>
    void SaveSnapshot(string command, long eventHighWater, string contactsJson, DateTimeOffset now);

    /// <summary>The case's name as reports title it: a case directory's name, or a lab case's name.</summary>
    string CaseName { get; }
}

/// <summary>The parties of one dated event (see <see cref="ICaseReader.ReadParties"/>).</summary>
public readonly record struct PartyRow(string? From, Direction Direction, IReadOnlyList<string> To, long TimeMs);
