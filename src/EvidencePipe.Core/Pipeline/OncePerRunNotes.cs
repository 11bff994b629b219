using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>A source read to its end, on its way to the writer stage.</summary>
/// <param name="OncePerRun">Which of the outcome's diagnostics are once-per-run notes (<see cref="ReadContext.NoteOncePerRun"/>), by index.</param>
/// <param name="AlreadyParsed">How far the progress count has already followed its reader.</param>
internal sealed record FinishedSource(SourceInfo Info, SourceOutcome Outcome, IReadOnlyList<int> OncePerRun, long AlreadyParsed);

/// <summary>
/// Keeps each once-per-run note (<see cref="ReadContext.NoteOncePerRun"/>, e.g. "OCR unavailable") on one source
/// only: the first by relative path, ordinal, among this run's sources that noted it. Two parse workers meet such a
/// note in an order that depends on timing, and a note handed to whichever came first made the manifest's counts
/// and diagnostics.csv differ between runs of the same input; path order does not vary, so every run gives the
/// same diagnostics (DESIGN.md: the same input gives byte-identical exports). The source that may still keep a note
/// is held back from the writer until a source earlier by path notes the same, or until every source has been
/// read (<see cref="Drain"/>); every other source goes on at once without the note. At most one source per
/// distinct note is held. Thread-safe: parse workers offer concurrently.
/// </summary>
internal sealed class OncePerRunNotes
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Holder> _holders = new(StringComparer.Ordinal);

    /// <summary>
    /// Offers a finished source: returns the sources now ready for the writer — this one (without its
    /// once-per-run notes) unless it is the first by path for one of them, and any held source it displaced.
    /// </summary>
    public IReadOnlyList<FinishedSource> Offer(FinishedSource source)
    {
        if (source.OncePerRun.Count == 0)
        {
            return [source];
        }

        var offered = new Holder(source);
        var ready = new List<FinishedSource>(2);
        lock (_gate)
        {
            foreach (var index in source.OncePerRun)
            {
                var note = source.Outcome.Diagnostics[index].Reason;
                if (_holders.TryGetValue(note, out var holder))
                {
                    if (ComparePaths(source.Info, holder.Source.Info) >= 0)
                    {
                        continue;
                    }

                    holder.Notes.Remove(note);
                    if (holder.Notes.Count == 0)
                    {
                        ready.Add(holder.Release());
                    }
                }

                _holders[note] = offered;
                offered.Notes.Add(note);
            }
        }

        if (offered.Notes.Count == 0)
        {
            ready.Add(offered.Release());
        }

        return ready;
    }

    /// <summary>Every source still held, each with the notes it was first for, in path order; called once all sources are read.</summary>
    public IReadOnlyList<FinishedSource> Drain()
    {
        lock (_gate)
        {
            var held = _holders.Values.Distinct().Select(h => h.Release()).Order(Comparer<FinishedSource>.Create((a, b) => ComparePaths(a.Info, b.Info))).ToList();
            _holders.Clear();
            return held;
        }
    }

    private static int ComparePaths(SourceInfo a, SourceInfo b)
    {
        var byPath = string.CompareOrdinal(a.RelativePath, b.RelativePath);
        return byPath != 0 ? byPath : string.CompareOrdinal(a.ContainerEntry, b.ContainerEntry);
    }

    /// <summary>A source that is, so far, the first by path for the notes in <see cref="Notes"/>.</summary>
    private sealed class Holder(FinishedSource source)
    {
        public FinishedSource Source { get; } = source;

        public HashSet<string> Notes { get; } = new(StringComparer.Ordinal);

        /// <summary>The source as it goes to the writer: its once-per-run notes kept only where it is first by path.</summary>
        public FinishedSource Release()
        {
            var outcome = Source.Outcome;
            var dropped = Source.OncePerRun.Where(i => !Notes.Contains(outcome.Diagnostics[i].Reason)).ToHashSet();
            if (dropped.Count == 0)
            {
                return Source;
            }

            var kept = outcome.Diagnostics.Where((_, i) => !dropped.Contains(i)).ToList();
            return Source with { Outcome = outcome with { Diagnostics = kept }, OncePerRun = [] };
        }
    }
}
