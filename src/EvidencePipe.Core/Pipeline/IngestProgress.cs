namespace EvidencePipe.Pipeline;

/// <summary>A snapshot of a running ingest, for progress displays (sources done/total, events, rate, ETA).</summary>
/// <param name="BytesTotal">Bytes of every source found so far (their file sizes, known when they are discovered).</param>
/// <param name="BytesDone">Bytes of the sources finished (read, or skipped as already in the case).</param>
public sealed record IngestProgress(
    int SourcesDiscovered,
    bool DiscoveryComplete,
    int SourcesDone,
    long BytesTotal,
    long BytesDone,
    long EventsRead,
    TimeSpan Elapsed)
{
    /// <summary>Bytes hashed so far: the first of the two passes over every byte (hash before parsing).</summary>
    public long BytesHashed { get; init; }

    /// <summary>
    /// Bytes the readers have consumed so far, the second pass: every finished source whole, plus how far
    /// the readers are into the sources still being read (a database read at random is counted when it finishes).
    /// </summary>
    public long BytesParsed { get; init; }

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsRead / Elapsed.TotalSeconds : 0;

    /// <summary>How much of the parse pass is done, 0–1 (null until discovery has finished).</summary>
    public double? Fraction => DiscoveryComplete && BytesTotal > 0 ? Math.Clamp((double)BytesParsed / BytesTotal, 0, 1) : null;

    /// <summary>
    /// The events the whole run will have read, projected from the events read per byte parsed so far;
    /// null until some bytes have been parsed and discovery has finished.
    /// </summary>
    public long? EventsExpected => Fraction is > 0 and var f ? Math.Max(EventsRead, (long)Math.Round(EventsRead / f)) : null;

    /// <summary>
    /// Estimated time left. The work is two passes over every byte — hashing, then the readers — which
    /// run at the same time on different sources, so each pass's remaining bytes at its own rate so far
    /// is the time it still needs, and the slower of the two is what is left. Null until discovery has
    /// finished and the readers have consumed something (no rate to go by).
    /// </summary>
    public TimeSpan? EstimatedRemaining
    {
        get
        {
            var seconds = Elapsed.TotalSeconds;
            if (!DiscoveryComplete || BytesParsed <= 0 || seconds <= 0)
            {
                return null;
            }

            var parseLeft = Math.Max(0, BytesTotal - BytesParsed) / (BytesParsed / seconds);
            var hashLeft = BytesHashed > 0 ? Math.Max(0, BytesTotal - BytesHashed) / (BytesHashed / seconds) : parseLeft;
            return TimeSpan.FromSeconds(Math.Max(parseLeft, hashLeft));
        }
    }
}

/// <summary>The result of an ingest run.</summary>
public sealed record IngestResult(
    int Sources,
    int SourcesAlreadyIngested,
    IReadOnlyDictionary<string, int> Formats,
    long EventsRead,
    long EventsAdded,
    int ContactsRead,
    int Diagnostics,
    int SourcesWithProblems,
    bool Cancelled,
    TimeSpan Elapsed);
