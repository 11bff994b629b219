using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>Resolved ingest configuration.</summary>
public sealed record IngestOptions(CaseSettings Settings)
{
    /// <summary>Parse workers (default: one per core).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Records per store transaction. Each commit rewrites every page it touched into the WAL, and the
    /// id and FTS5 indexes touch pages all over the file, so larger transactions write far less
    /// (measured in benchmarks/results); an interrupted run redoes at most this much.
    /// </summary>
    public int BatchSize { get; init; } = 16_384;

    /// <summary>Records a parse worker hands over at once.</summary>
    public int ChunkSize { get; init; } = 512;

    /// <summary>
    /// Bytes (<see cref="RecordSize"/>) after which a parse worker hands over its chunk whatever its count: a chunk of
    /// records with megabytes of text each is cut short (issue 19 item 7).
    /// </summary>
    public long ChunkBytes { get; init; } = 4L << 20;

    /// <summary>Bytes after which the writer commits what it has taken, whatever the count (one transaction's records in memory).</summary>
    public long BatchBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Bytes of records queued for the writer or in its open transaction, over all workers (<see cref="ByteBudget"/>):
    /// with ordinary messages (under 1 KB each) the count bounds bind first; with huge records this does.
    /// </summary>
    public long InFlightBytes { get; init; } = 64L << 20;

    /// <summary>Directories never walked (the case directory itself, when it sits under an input root).</summary>
    public IReadOnlyList<string> ExcludedDirectories { get; init; } = [];

    /// <summary>
    /// Wall-clock budget for reading one source. A reader still going when it runs out is stopped;
    /// what it read is kept and the source is marked partial with a diagnostic (a hostile or
    /// pathological file must not hold a lab's batch hostage).
    /// </summary>
    public TimeSpan SourceTimeBudget { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Budget for hashing one source, on <see cref="Clock"/>: a file on a failing or throttled medium, or an entry that
    /// decompresses forever, is reported unreadable instead of stalling the run before its reader even starts.
    /// </summary>
    public TimeSpan HashTimeBudget { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest text (characters) kept for one record; longer text is cut and the record marked recovered.</summary>
    public int MaxRecordTextChars { get; init; } = 4 << 20;

    /// <summary>
    /// Hash plain files sixteen at a time where the CPU has AVX-512 (<see cref="Hashing.Sha256x16"/>); off, or on other
    /// CPUs, each file is hashed on its own with OpenSSL. The digests are the same either way.
    /// </summary>
    public bool HashInLanes { get; init; } = true;

    /// <summary>
    /// With <see cref="HashInLanes"/>: busy lanes at or below which each file is hashed on its own through the SHA
    /// extensions rather than all sixteen through AVX-512, so the last files of a folder do not pay for idle lanes. On
    /// the lab VM a sixteen-lane call hashes a block of every lane in ~277 ns (16 × 64 B at ~3.7 GB/s), busy or not;
    /// one lane alone hashes a block in ~37 ns (64 B at ~1.75 GB/s): k lanes alone cost less while k ≤ 7.
    /// 0 never; 16 always. The digests are the same either way.
    /// </summary>
    public int LanesHashedAloneAtMost { get; init; } = 7;

    /// <summary>The clock elapsed time and the progress estimate are read from (a test gives its own).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where private copies of container entries go (the case's <see cref="TemporaryCopies"/> folder); null: the machine's temp folder.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>What a zip container may expand to.</summary>
    public ContainerLimits ContainerLimits { get; init; } = new();
}
