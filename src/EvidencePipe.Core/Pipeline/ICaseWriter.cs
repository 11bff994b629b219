using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>
/// The single writer of a case (DESIGN.md "Architecture"): applies one batch of pipeline output in
/// one transaction. Only the pipeline's writer stage calls it, from one task.
/// </summary>
public interface ICaseWriter
{
    /// <summary>Applies the items in order, atomically. Returns how many events were new.</summary>
    ValueTask<int> WriteBatchAsync(IReadOnlyList<WriteItem> items, CancellationToken cancellationToken);
}

/// <summary>Tells the pipeline which sources a case already holds completely.</summary>
public interface ISourceLedger
{
    /// <summary>
    /// When this exact content at this path was ingested to completion before, what was recorded for
    /// it then; otherwise null (never seen, or interrupted part-way).
    /// </summary>
    ValueTask<CompletedSource?> CompletedAsync(string sha256, string relativePath, CancellationToken cancellationToken);
}

/// <summary>A source a case already holds completely: its (refined) format and diagnostics count.</summary>
public sealed record CompletedSource(string? Format, int Diagnostics);

/// <summary>What the writer stage receives, in order per source: started, records…, finished.</summary>
public abstract record WriteItem;

public sealed record SourceStarted(SourceInfo Source) : WriteItem;

public sealed record RecordBatch(SourceInfo Source, IReadOnlyList<EvidenceRecord> Records) : WriteItem
{
    /// <summary>Estimated memory the records hold (<see cref="RecordSize"/>): channels and batches are bounded by it as well as by count.</summary>
    public long Bytes { get; init; }

    /// <summary>
    /// What the writer's <see cref="IRecordPreparer"/> makes of <see cref="Records"/>, if it has one: running on
    /// the thread pool while the parse worker reads on. The pipeline awaits it before the batch reaches the writer.
    /// </summary>
    public Task<object>? Prepared { get; init; }
}

/// <summary>
/// Per-record work a writer can have done on other threads, in parallel, before a batch reaches its
/// single thread (serialising list columns, composing index text): that thread is the pipeline's
/// bottleneck, so everything that does not need the database belongs here.
/// </summary>
public interface IRecordPreparer
{
    /// <summary>
    /// Called on the thread pool for each batch; the result travels as <see cref="RecordBatch.Prepared"/>. A record
    /// that cannot be prepared must not fail the batch: the result lists it (<see cref="IPreparedRecords"/>), the
    /// writer skips it, and the pipeline reports it as one skipped record of its source (file, locator, reason).
    /// </summary>
    object Prepare(IReadOnlyList<EvidenceRecord> records);
}

/// <summary>What a preparer could not prepare: records the writer will skip, by index in the batch, each with why.</summary>
public interface IPreparedRecords
{
    IReadOnlyList<RejectedRecord> Rejected { get; }
}

/// <summary>A record of a batch that could not be prepared for the store.</summary>
public sealed record RejectedRecord(int Index, string Reason);

public sealed record SourceFinished(SourceInfo Source, SourceOutcome Outcome) : WriteItem;

/// <summary>
/// A discovered, hashed source (format is null when no reader recognised it). For an entry of a zip
/// container, <see cref="AbsolutePath"/> is the zip and <see cref="ContainerEntry"/> the entry's name.
/// </summary>
public sealed record SourceInfo(string AbsolutePath, string RelativePath, long Length, string Sha256, string? Format, string? ContainerEntry = null);

public enum SourceStatus
{
    /// <summary>Read to the end (there may still be record-level diagnostics).</summary>
    Complete,

    /// <summary>A reader stopped early: records before the failure were kept.</summary>
    Partial,

    /// <summary>No reader recognises the content; the file is listed, hashed, and not parsed.</summary>
    Unsupported,

    /// <summary>The file could not be opened or hashed.</summary>
    Unreadable,

    /// <summary>A zip container: hashed and listed; its entries are sources of their own.</summary>
    Container,
}

/// <summary>What happened to one source: counts of records read, recovered, skipped, and why.</summary>
public sealed record SourceOutcome(
    SourceStatus Status,
    int RecordsRead,
    int RecordsRecovered,
    int RecordsSkipped,
    IReadOnlyList<Diagnostic> Diagnostics,
    int DiagnosticsSuppressed)
{
    public static string StatusName(SourceStatus status) => status switch
    {
        SourceStatus.Complete => "complete",
        SourceStatus.Partial => "partial",
        SourceStatus.Unsupported => "unsupported",
        SourceStatus.Container => "container",
        _ => "unreadable",
    };
}

/// <summary>
/// The case a pipeline writes to (<see cref="IngestPipeline(FormatRegistry, Task{IngestTarget}, IngestOptions)"/>): its
/// writer, its ledger of completed sources, its settings, and where readers keep private copies.
/// </summary>
public sealed record IngestTarget(ICaseWriter Writer, ISourceLedger Ledger, CaseSettings Settings)
{
    /// <summary>Where readers keep private copies (a database inside a zip); null for the system's temporary folder.</summary>
    public string? TemporaryDirectory { get; init; }
}
