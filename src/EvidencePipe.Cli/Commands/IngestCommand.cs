using System.Globalization;
using EvidencePipe.Export;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Pipeline;
using EvidencePipe.Readers;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.Time;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>ingest &lt;path&gt;… --case DIR</c>: hash, sniff, parse, index.</summary>
internal static class IngestCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var caseDir = cl.Required("case");
        var json = cl.Flag("json");
        var quiet = cl.Flag("quiet");
        var workers = cl.Int("workers", Environment.ProcessorCount, 1);
        var tz = cl.Option("tz");
        var region = cl.Option("region");
        var owners = cl.Options("owner");
        var language = cl.Option("language");
        var cdrMaps = cl.Options("cdr-map").Select(LoadCdrMap).ToList();
        cl.RejectUnknown();
        if (cl.Positionals.Count == 0)
        {
            throw new UsageException("ingest needs at least one file or folder");
        }

        foreach (var path in cl.Positionals)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new UsageException($"'{path}' does not exist");
            }
        }

        // Start-up work that needs no case runs on another core while the case opens: the readers
        // (sniffers, tables) and the NodaTime TZDB every reader's times go through (~70 ms of CPU).
        var readers = Task.Run(() =>
        {
            _ = CaseTimeZone.TzdbVersion;
            return ReaderCatalog.CreateRegistry(cdrMaps);
        }, cancellationToken);
        using var store = Tool.OpenAudited(cl, create: true);
        PhaseTimings.Mark("case opened");
        var settings = CaseOptions.Resolve(store, tz, region, owners, persist: true);
        ResolveLanguage(store, language);
        PhaseTimings.Mark("case options");

        // The index is brought up to date with the store first (an earlier run may have been killed between
        // the two), then fed by the writer beside it (DESIGN.md "Architecture").
        using var index = CaseIndex.Open(store, verifyCount: true, d => stderr.WriteLine("evidencepipe: " + d), cancellationToken);
        PhaseTimings.Mark("index opened");
        var feed = new IndexFeed(index);
        using var writer = new SqliteCaseWriter(store, sink: feed);
        var options = new IngestOptions(settings)
        {
            Workers = workers,
            ExcludedDirectories = [store.Directory],
        };
        var pipeline = new IngestPipeline(await readers.ConfigureAwait(false), writer, writer, options);
        PhaseTimings.Mark("readers created");

        IngestResult result;
        await using (quiet ? null : new ProgressReporter(pipeline.Snapshot, stderr, tty: !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error)))
        {
            result = await pipeline.RunAsync(cl.Positionals, cancellationToken).ConfigureAwait(false);
            PhaseTimings.Mark("pipeline run");
            await feed.CompleteAsync().ConfigureAwait(false);
            PhaseTimings.Mark("index committed");
        }

        var totalEvents = store.CountEvents();
        PhaseTimings.Mark("events counted");
        if (json)
        {
            await stdout.WriteLineAsync(Json(result, totalEvents)).ConfigureAwait(false);
        }
        else
        {
            await stdout.WriteLineAsync(Human(result, totalEvents, store)).ConfigureAwait(false);
        }

        if (result.Cancelled)
        {
            await stderr.WriteLineAsync("evidencepipe: interrupted; the case is consistent and the next ingest of the same paths completes it").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        return result.Diagnostics > 0 ? ExitCodes.Diagnostics : ExitCodes.Ok;
    }

    /// <summary><c>--language</c>: kept with the case like <c>--tz</c> (one for its life); it chooses the index's stemmer.</summary>
    private static void ResolveLanguage(CaseStore store, string? language)
    {
        if (language is null)
        {
            return;
        }

        var canonical = CaseLanguages.Canonical(language);
        if (!CaseLanguages.IsKnown(canonical))
        {
            throw new UsageException($"unknown --language '{language}' (known: {string.Join(", ", CaseLanguages.Known)})");
        }

        var stored = store.GetMeta(CaseIndex.LanguageKey);
        if (stored is not null && stored != canonical)
        {
            throw new UsageException($"this case uses --language {stored}; it cannot be ingested with --language {canonical}");
        }

        store.SetMeta(CaseIndex.LanguageKey, canonical);
    }

    private static Readers.Cdr.CdrMapping LoadCdrMap(string path)
    {
        try
        {
            return Readers.Cdr.CdrMapping.Load(path);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new UsageException($"--cdr-map {path}: {ex.Message}");
        }
    }

    private static string Json(IngestResult r, long totalEvents) => EventJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("sources", r.Sources);
            w.WriteNumber("events", totalEvents);
            w.WriteStartObject("formats");
            foreach (var (format, n) in r.Formats)
            {
                w.WriteNumber(format, n);
            }

            w.WriteEndObject();
            w.WriteNumber("diagnostics", r.Diagnostics);
            w.WriteNumber("elapsed_s", Math.Round(r.Elapsed.TotalSeconds, 3));

            // Extensions: what this run did, as distinct from what the case now holds.
            w.WriteNumber("events_read", r.EventsRead);
            w.WriteNumber("events_added", r.EventsAdded);
            w.WriteNumber("contacts_read", r.ContactsRead);
            w.WriteNumber("sources_already_ingested", r.SourcesAlreadyIngested);
            w.WriteNumber("sources_with_diagnostics", r.SourcesWithProblems);
            w.WriteNumber("events_per_s", r.Elapsed.TotalSeconds > 0 ? Math.Round(r.EventsRead / r.Elapsed.TotalSeconds) : 0);
            w.WriteBoolean("interrupted", r.Cancelled);
            w.WriteEndObject();
        });

    private static string Human(IngestResult r, long totalEvents, CaseStore store)
    {
        var sb = new System.Text.StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"{r.Sources} sources ({r.SourcesAlreadyIngested} already in the case), {r.EventsRead:N0} events read, ");
        sb.Append(ci, $"{r.EventsAdded:N0} new, {r.ContactsRead:N0} contact cards, in {r.Elapsed.TotalSeconds:0.00} s");
        if (r.Elapsed.TotalSeconds > 0)
        {
            sb.Append(ci, $" ({r.EventsRead / r.Elapsed.TotalSeconds:N0} events/s)");
        }

        sb.AppendLine();
        sb.Append(ci, $"case {store.Directory}: {totalEvents:N0} events");
        sb.AppendLine();
        if (r.Formats.Count > 0)
        {
            sb.AppendLine("formats: " + string.Join(", ", r.Formats.Select(f => $"{f.Key} {f.Value}")));
        }

        var unsupported = store.ReadSources().Count(s => s.Status == "unsupported");
        if (unsupported > 0)
        {
            sb.AppendLine(ci, $"{unsupported} files in no supported format (listed in the case, hashed, not parsed)");
        }

        if (r.Diagnostics > 0)
        {
            sb.AppendLine(ci, $"{r.Diagnostics} diagnostics in {r.SourcesWithProblems} sources:");
            var all = store.ReadDiagnostics();
            foreach (var d in all.Take(20))
            {
                sb.AppendLine(ci, $"  {d.SourcePath} @ {d.Locator}: {d.Severity}: {d.Reason}");
            }

            if (all.Count > 20)
            {
                sb.AppendLine(ci, $"  … {all.Count - 20} more");
            }
        }

        return sb.ToString().TrimEnd();
    }
}
