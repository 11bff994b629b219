using System.Globalization;
using EvidencePipe.Application;
using EvidencePipe.Export;
using EvidencePipe.Pipeline;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>ingest &lt;path&gt;… --case DIR</c>: hash, sniff, parse, index.</summary>
internal static class IngestCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (cl.Option("store") is not null)
        {
            return await LabCommand.IngestAsync(cl, stdout, cancellationToken).ConfigureAwait(false);
        }

        var caseDir = cl.Required("case");
        var json = cl.Flag("json");
        var quiet = cl.Flag("quiet");
        var request = new IngestRequest(caseDir, cl.Positionals)
        {
            Workers = cl.Int("workers", Environment.ProcessorCount, 1),
            TimeZone = cl.Option("tz"),
            Region = cl.Option("region"),
            Owners = cl.Options("owner"),
            Language = cl.Option("language"),
            Perspective = cl.Option("perspective"),
            CdrMaps = cl.Options("cdr-map").Select(CaseIngest.LoadCdrMap).ToList(),
        };
        cl.RejectUnknown();
        return await RunAsync(request, Tool.Audit(cl), json, quiet, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="request"/> (audited as <paramref name="audit"/>), showing progress, and prints the result.</summary>
    public static async Task<int> RunAsync(IngestRequest request, CommandAudit audit, bool json, bool quiet, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var ingest = CaseIngest.Open(request, audit, d => stderr.WriteLine("evidencepipe: " + d), cancellationToken);
        IngestResult result;
        await using (quiet ? null : new ProgressReporter(ingest.Progress, stderr, tty: !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error)))
        {
            result = await ingest.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var store = ingest.Store;
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

    /// <summary>The <c>--json</c> object of an ingest, local or into the lab (<c>ingest --store</c>): one writer, so the fields are the same.</summary>
    internal static string Json(IngestResult r, long totalEvents) => EventJson.Build(w =>
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
