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
}

/// <summary>The parties of one dated event (see <see cref="ICaseReader.ReadParties"/>).</summary>
public readonly record struct PartyRow(string? From, Direction Direction, IReadOnlyList<string> To, long TimeMs);
