using CsvHelper;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Changes;
using EvidencePipe.Analysis.Lexicon;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Analysis.Streaming;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application;

/// <summary>Runs the analysis over a case: the shared core of <c>contacts</c> and <c>report</c> (and the analysis benchmark).</summary>
public static class CaseAnalysis
{
    /// <summary>Protective orders from their <c>--order</c> SPECs (<see cref="ProtectiveOrder.Parse"/>).</summary>
    public static IReadOnlyList<ProtectiveOrder> ParseOrders(IEnumerable<string> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var orders = new List<ProtectiveOrder>();
        foreach (var spec in specs)
        {
            try
            {
                orders.Add(ProtectiveOrder.Parse(spec));
            }
            catch (FormatException ex)
            {
                throw new CaseOptionException("--order: " + ex.Message);
            }
        }

        return orders;
    }

    /// <summary>An analyst's alias file (<c>--aliases</c>, CSV <c>person,identifier</c>); none when <paramref name="file"/> is null.</summary>
    public static IReadOnlyList<(string Person, string Identifier)> ReadAliases(string? file, PhoneRegion region)
    {
        var aliases = new List<(string, string)>();
        if (file is null)
        {
            return aliases;
        }

        if (!File.Exists(file))
        {
            throw new CaseOptionException($"--aliases: no such file '{file}'");
        }

        // RFC 4180 via CsvHelper: a quoted name may hold a comma; '#' lines are comments; blank lines are
        // skipped; a first line "person,…" is a header. Locators are physical lines, as an editor shows them.
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            CommentPrefix = '#',
            SkipEmptyLines = true,
            TrimWhitespace = true,
            AllowLineBreaksInQuotes = false,
            TrackLineNumbers = true,
        };
        using var reader = CsvReader.FromFile(file, options);
        while (reader.Read())
        {
            var lineNo = reader.LineNumber;
            var row = reader.Current;
            if (lineNo == 1 && row.GetString(0).Equals("person", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (row.FieldCount != 2 || row.GetString(0).Length == 0 || Identifier.Parse(row.GetString(1), region) is not { } id)
            {
                throw new CaseOptionException($"--aliases {file} line {lineNo}: expected 'person,identifier'");
            }

            aliases.Add((row.GetString(0), id));
        }

        return aliases;
    }

    /// <summary>
    /// A force's own lexicon (<c>--lexicon</c>), or the bundled one when <paramref name="file"/> is null. The CLI has
    /// already checked the file whole before the case was opened; a file changed since is refused here the same way.
    /// </summary>
    public static PhraseLexicon LoadLexicon(string? file) => file is null ? PhraseLexicon.Default : PhraseLexicon.LoadFile(file);

    public static AnalysisResult Run(CaseStore store, CaseSettings settings, IReadOnlyList<ProtectiveOrder> orders, IReadOnlyList<(string, string)> aliases, PhraseLexicon lexicon, CancellationToken cancellationToken) =>
        Run(new SqliteCaseReader(store), settings, orders, aliases, lexicon, keepOccasions: false, cancellationToken);

    public static AnalysisResult Run(ICaseReader store, CaseSettings settings, IReadOnlyList<ProtectiveOrder> orders, IReadOnlyList<(string, string)> aliases, PhraseLexicon lexicon, CancellationToken cancellationToken) =>
        Run(store, settings, orders, aliases, lexicon, keepOccasions: false, cancellationToken);

    /// <param name="keepOccasions">Keep each person's days of contact in detail, for a chronology.</param>
    public static AnalysisResult Run(ICaseReader store, CaseSettings settings, IReadOnlyList<ProtectiveOrder> orders, IReadOnlyList<(string, string)> aliases, PhraseLexicon lexicon, bool keepOccasions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlySet<string> owners = settings.Owners;
        var basis = "--owner";
        if (owners.Count == 0)
        {
            (owners, basis) = OwnerInference.Infer(store.ReadSenders(cancellationToken)
                .Select(s => new SenderObservation(s.From, ModelNames.ParseDirection(s.Direction), s.Thread, s.Channel)));
        }

        var persons = new PersonDirectory(
            store.ReadNames().Select(n => new NameEvidence(n.Identifier, n.Name, n.Basis)),
            store.ReadCards().Select(c => new CardEvidence(c.Name, c.Identifiers, c.Source)),
            aliases,
            owners);
        var analyzer = new ContactAnalyzer(settings.TimeZone, settings.Region, [.. StoredOrders(store), .. orders], lexicon)
        {
            KeepOccasions = keepOccasions,
            Perspective = Perspectives.Parse(store.GetMeta(CaseMetaKeys.Perspective)) ?? Perspective.Victim,
        };
        return analyzer.Analyze(ReadEvents(store, cancellationToken), persons, basis);
    }

    public static SinceLastView? Snapshot(CaseStore store, AnalysisResult result, string command, bool compare, CancellationToken cancellationToken) =>
        Snapshot(new SqliteCaseReader(store), result, command, compare, cancellationToken);

    /// <summary>
    /// Keeps this run's snapshot in the case (every <c>contacts</c> and <c>report</c> run does) and, when
    /// <paramref name="compare"/> is set, first works out what changed since the previous one.
    /// </summary>
    public static SinceLastView? Snapshot(ICaseReader store, AnalysisResult result, string command, bool compare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var previous = store.LatestSnapshot();
        var highWater = store.HighWaterMark();
        SinceLastView? view = null;
        if (compare)
        {
            var added = new List<Model.CommunicationEvent>();
            var total = 0;
            foreach (var e in store.ReadAdded(previous?.EventHighWater ?? 0, highWater, cancellationToken))
            {
                total++;
                if (added.Count < SinceLastView.Cap)
                {
                    added.Add(e);
                }
            }

            added.Sort(static (a, b) => a.Time.Utc != b.Time.Utc ? a.Time.Utc.CompareTo(b.Time.Utc) : string.CompareOrdinal(a.Id, b.Id));
            view = new SinceLastView(previous?.Id, previous?.TimeUtc, added, total, SinceLast.Compare(previous is null ? [] : ContactSnapshot.FromJson(previous.ContactsJson), result));
        }

        // A read-only case (write-blocked media) keeps no new snapshot: the comparison above still stands.
        if (store.KeepsSnapshots)
        {
            store.SaveSnapshot(command, highWater, ContactSnapshot.ToJson(result), DateTimeOffset.UtcNow);
        }

        return view;
    }

    /// <summary><c>--watch</c>: every event that mentions one of the terms, in one more pass over the case.</summary>
    public static IReadOnlyList<Analysis.Watch.WatchHit> Watch(ICaseReader store, IReadOnlyList<string> terms, PhoneRegion region, CancellationToken cancellationToken)
    {
        var list = new Analysis.Watch.WatchList(terms, region);
        foreach (var e in ReadEvents(store, cancellationToken))
        {
            list.Observe(e);
        }

        return list.Results();
    }

    /// <summary>
    /// <c>--place</c> and the tracking-app list: when the device's location records were near each of the victim's places,
    /// and which installed apps can locate or monitor another person, in one pass over each of the two record kinds.
    /// </summary>
    /// <summary>
    /// The tracking view as <c>contacts --json</c> and the web page's <c>/api/contacts</c> show it: only when there is
    /// something to say (places asked for, location or app records in the case), so the JSON of a case without them
    /// stays byte-identical to what it was.
    /// </summary>
    public static Analysis.Tracking.TrackingView? TrackingShown(Analysis.Tracking.TrackingView tracking, int placeCount) =>
        placeCount > 0 || tracking.LocationRecords > 0 || tracking.AppRecords > 0 ? tracking : null;

    public static Analysis.Tracking.TrackingView Tracking(CaseStore store, IReadOnlyList<Analysis.Tracking.Place> places, CancellationToken cancellationToken) =>
        Tracking(new SqliteCaseReader(store), places, cancellationToken);

    public static Analysis.Tracking.TrackingView Tracking(ICaseReader store, IReadOnlyList<Analysis.Tracking.Place> places, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var proximity = new Analysis.Tracking.PlaceProximity(places);
        var locations = 0;
        foreach (var e in store.ReadKind(EventKind.Location, cancellationToken))
        {
            locations++;
            proximity.Observe(e);
        }

        var apps = new List<Analysis.Tracking.TrackingFinding>();
        var installed = 0;
        foreach (var e in store.ReadKind(EventKind.App, cancellationToken))
        {
            installed++;
            if (Analysis.Tracking.TrackingView.Flag(e, Analysis.Tracking.TrackingAppList.Bundled) is { } finding)
            {
                apps.Add(finding);
            }
        }

        return new Analysis.Tracking.TrackingView(proximity.Results(), apps, locations, installed);
    }

    /// <summary>The <c>--place</c> specs (<see cref="Analysis.Tracking.Place.Parse"/>).</summary>
    public static IReadOnlyList<Analysis.Tracking.Place> ParsePlaces(IEnumerable<string> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var places = new List<Analysis.Tracking.Place>();
        foreach (var spec in specs)
        {
            try
            {
                places.Add(Analysis.Tracking.Place.Parse(spec));
            }
            catch (FormatException ex)
            {
                throw new CaseOptionException("--place: " + ex.Message);
            }
        }

        return places;
    }

    /// <summary>The orders kept with the case (<c>orders add</c>); a one-off <c>--order</c> is added to them.</summary>
    public static IReadOnlyList<ProtectiveOrder> StoredOrders(ICaseReader store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. store.ActiveOrders().Select(o => ProtectiveOrder.Create(o.Type, o.Party, o.From, o.To, o.Reference, o.Conditions))];
    }

    /// <summary>The narrow, time-ordered read the analysis streams over, read ahead on another thread.</summary>
    public static IEnumerable<AnalysisEvent> ReadEvents(CaseStore store, CancellationToken cancellationToken) => ReadEvents(new SqliteCaseReader(store), cancellationToken);

    /// <summary>The narrow, time-ordered read the analysis streams over, read ahead on another thread.</summary>
    public static IEnumerable<AnalysisEvent> ReadEvents(ICaseReader store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Prefetch.InBatches(
            store.ReadForAnalysis(cancellationToken)
                .Select(r => new AnalysisEvent(r.Id, r.TimeMs, r.Direction, r.Channel, r.From, r.To, r.Text, r.CallStatus, r.DurationSeconds)),
            cancellationToken);
    }
}
