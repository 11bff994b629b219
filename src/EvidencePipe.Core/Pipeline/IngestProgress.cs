namespace EvidencePipe.Pipeline;

/// <summary>A snapshot of a running ingest, for progress displays (sources done/total, events, rate, ETA).</summary>
public sealed record IngestProgress(
    int SourcesDiscovered,
    bool DiscoveryComplete,
    int SourcesDone,
    long BytesTotal,
    long BytesDone,
    long EventsRead,
    TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsRead / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left, from bytes processed so far; null until discovery has finished.</summary>
    public TimeSpan? EstimatedRemaining
    {
        get
        {
            if (!DiscoveryComplete || BytesDone <= 0 || Elapsed.TotalSeconds <= 0)
            {
                return null;
            }

            var rate = BytesDone / Elapsed.TotalSeconds;
            return TimeSpan.FromSeconds(Math.Max(0, BytesTotal - BytesDone) / rate);
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
