using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Changes;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Analysis.Streaming;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli;

/// <summary>Runs the analysis over a case: the shared core of <c>contacts</c> and <c>report</c>.</summary>
internal static class CaseAnalysis
{
    public static (IReadOnlyList<ProtectiveOrder> Orders, IReadOnlyList<(string, string)> Aliases) ReadOptions(CommandLine cl, PhoneRegion region)
    {
        var orders = new List<ProtectiveOrder>();
        foreach (var spec in cl.Options("order"))
        {
            try
            {
                orders.Add(ProtectiveOrder.Parse(spec));
            }
            catch (FormatException ex)
            {
                throw new UsageException("--order: " + ex.Message);
            }
        }

        var aliases = new List<(string, string)>();
        if (cl.Option("aliases") is { } file)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"--aliases: no such file '{file}'");
            }

            var lineNo = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNo++;
                var parts = line.Split(',', 2, StringSplitOptions.TrimEntries);
                if (line.Length == 0 || line.StartsWith('#') || (lineNo == 1 && parts[0].Equals("person", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (parts.Length != 2 || parts[0].Length == 0 || Identifier.Parse(parts[1], region) is not { } id)
                {
                    throw new UsageException($"--aliases {file} line {lineNo}: expected 'person,identifier'");
                }

                aliases.Add((parts[0], id));
            }
        }

        return (orders, aliases);
    }

    public static AnalysisResult Run(CaseStore store, CaseSettings settings, IReadOnlyList<ProtectiveOrder> orders, IReadOnlyList<(string, string)> aliases, CancellationToken cancellationToken) =>
        Run(store, settings, orders, aliases, keepOccasions: false, cancellationToken);

    /// <param name="keepOccasions">Keep each person's days of contact in detail, for a chronology.</param>
    public static AnalysisResult Run(CaseStore store, CaseSettings settings, IReadOnlyList<ProtectiveOrder> orders, IReadOnlyList<(string, string)> aliases, bool keepOccasions, CancellationToken cancellationToken)
    {
        IReadOnlySet<string> owners = settings.Owners;
        var basis = "--owner";
        if (owners.Count == 0)
        {
            (owners, basis) = OwnerInference.Infer(EventQueries.ReadSenders(store, cancellationToken)
                .Select(s => new SenderObservation(s.From, ModelNames.ParseDirection(s.Direction), s.Thread, s.Channel)));
        }

        var persons = new PersonDirectory(
            PersonQueries.Names(store).Select(n => new NameEvidence(n.Identifier, n.Name, n.Basis)),
            PersonQueries.Cards(store).Select(c => new CardEvidence(c.Name, c.Identifiers, c.Source)),
            aliases,
            owners);
        var analyzer = new ContactAnalyzer(settings.TimeZone, settings.Region, [.. StoredOrders(store), .. orders]) 
        {
            KeepOccasions = keepOccasions,
            Perspective = Perspectives.Parse(store.GetMeta(CaseMetaKeys.Perspective)) ?? Perspective.Victim,
        };
        return analyzer.Analyze(ReadEvents(store, cancellationToken), persons, basis);
    }

    /// <summary>
    /// Keeps this run's snapshot in the case (every <c>contacts</c> and <c>report</c> run does) and, when
    /// <paramref name="compare"/> is set, first works out what changed since the previous one.
    /// </summary>
    public static SinceLastView? Snapshot(CaseStore store, AnalysisResult result, string command, bool compare, CancellationToken cancellationToken)
    {
        var previous = SnapshotQueries.Latest(store);
        var highWater = EventQueries.HighWaterMark(store);
        SinceLastView? view = null;
        if (compare)
        {
            var added = new List<Model.CommunicationEvent>();
            var total = 0;
            foreach (var stored in EventQueries.ReadStored(store, previous?.EventHighWater ?? 0, highWater, cancellationToken))
            {
                total++;
                if (added.Count < SinceLastView.Cap)
                {
                    added.Add(stored.Event);
                }
            }

            added.Sort(static (a, b) => a.Time.Utc != b.Time.Utc ? a.Time.Utc.CompareTo(b.Time.Utc) : string.CompareOrdinal(a.Id, b.Id));
            view = new SinceLastView(previous?.Id, previous?.TimeUtc, added, total, SinceLast.Compare(previous is null ? [] : ContactSnapshot.FromJson(previous.ContactsJson), result));
        }

        SnapshotQueries.Save(store, command, highWater, ContactSnapshot.ToJson(result), DateTimeOffset.UtcNow);
        return view;
    }

    /// <summary><c>--watch</c>: every event that mentions one of the terms, in one more pass over the case.</summary>
    public static IReadOnlyList<Analysis.Watch.WatchHit> Watch(CaseStore store, IReadOnlyList<string> terms, PhoneRegion region, CancellationToken cancellationToken)
    {
        var list = new Analysis.Watch.WatchList(terms, region);
        foreach (var e in ReadEvents(store, cancellationToken))
        {
            list.Observe(e);
        }

        return list.Results();
    }

    /// <summary>The orders kept with the case (<c>orders add</c>); a one-off <c>--order</c> is added to them.</summary>
    public static IReadOnlyList<ProtectiveOrder> StoredOrders(CaseStore store) =>
        [.. OrderQueries.Active(store).Select(o => ProtectiveOrder.Create(o.Type, o.Party, o.From, o.To, o.Reference, o.Conditions))];

    /// <summary>The narrow, time-ordered read the analysis streams over, read ahead on another thread.</summary>
    public static IEnumerable<AnalysisEvent> ReadEvents(CaseStore store, CancellationToken cancellationToken) =>
        Prefetch.InBatches(
            EventQueries.ReadForAnalysis(store, cancellationToken)
                .Select(r => new AnalysisEvent(r.Id, r.TimeMs, r.Direction, r.Channel, r.From, r.To, r.Text, r.CallStatus, r.DurationSeconds)),
            cancellationToken);
}
