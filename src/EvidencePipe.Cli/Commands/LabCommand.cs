using System.Globalization;
using EvidencePipe.Application;
using EvidencePipe.Application.Lab;
using EvidencePipe.Export;
using EvidencePipe.Readers;
using EvidencePipe.Store.Postgres;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// The lab (issue 20): <c>lab init|submit|worker|status --store S</c> and <c>ingest --store S --case NAME</c>.
/// PostgreSQL holds the cases and the work queue; workers on any number of workstations take jobs from it.
/// </summary>
internal static class LabCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var words = cl.Positionals;
        var action = words[0];
        var json = cl.Flag("json");
        var jobs = cl.Int("workers", 1, 1);
        var exitWhenIdle = cl.Flag("exit-when-idle");
        var indexRoot = cl.Option("index-root") is { } given ? Path.GetFullPath(given) : null;
        var store = LabTool.Store(cl);
        var request = new LabIngestRequest(store, cl.Option("case") ?? string.Empty, words.Skip(1).ToList())
        {
            TimeZone = cl.Option("tz"),
            Region = cl.Option("region"),
            Owners = cl.Options("owner"),
            Perspective = cl.Option("perspective"),
        };
        cl.RejectUnknown();
        if (action != "submit" && (words.Count > 1 || request.CaseName.Length > 0 || request.TimeZone is not null || request.Region is not null || request.Owners.Count > 0 || request.Perspective is not null))
        {
            throw new UsageException($"lab {action}: paths, --case, --tz, --region, --owner and --perspective belong to lab submit");
        }

        if (indexRoot is not null && action is not ("init" or "worker"))
        {
            throw new UsageException($"lab {action}: --index-root belongs to lab init and lab worker");
        }

        if (action == "submit" && request.CaseName.Length == 0)
        {
            throw new UsageException("lab submit: --case NAME is required");
        }

        switch (action)
        {
            case "init":
                await LabSchema.InitAsync(store, cancellationToken, indexRoot).ConfigureAwait(false);
                LabTool.Audit(cl, store, null);
                await stdout.WriteLineAsync($"lab store ready: {store.Description}; grant {LabSchema.WorkerRole} to worker logins and {LabSchema.InvestigatorRole} to investigators").ConfigureAwait(false);
                if (indexRoot is not null)
                {
                    await stdout.WriteLineAsync($"search index root: {indexRoot} (every workstation must see it at this path)").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            case "submit":
                return await SubmitAsync(cl, request, json, stdout, stderr).ConfigureAwait(false);
            case "worker":
            {
                LabTool.Audit(cl, store, null);
                var root = indexRoot ?? LabIndexes.RecordedRoot(store);
                if (root is null)
                {
                    await stderr.WriteLineAsync("evidencepipe: no index root (lab init --index-root DIR or lab worker --index-root DIR): jobs are stored but not indexed for search").ConfigureAwait(false);
                }

                var result = await LabWorker.RunAsync(store, new LabWorkerOptions(jobs, exitWhenIdle) { IndexRoot = root }, m => stderr.WriteLine("evidencepipe: " + m), cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"worker {result.WorkerId}: {result.JobsDone} jobs done, {result.JobsFailed} failed, {result.EventsRead} events read")).ConfigureAwait(false);
                return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : result.JobsFailed > 0 ? ExitCodes.Diagnostics : ExitCodes.Ok;
            }

            default:
                LabTool.Audit(cl, store, null);
                await stdout.WriteLineAsync(Status(LabStatus.Read(store), json)).ConfigureAwait(false);
                return ExitCodes.Ok;
        }
    }

    /// <summary><c>ingest PATH… --store S --case NAME</c>: the whole ingest in this process, into the lab store.</summary>
    public static async Task<int> IngestAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var json = cl.Flag("json");
        _ = cl.Flag("quiet");
        var request = LabTool.Request(cl, LabTool.Store(cl), cl.Positionals) with { Workers = cl.Int("workers", Environment.ProcessorCount, 1) };
        if (cl.Option("language") is not null || cl.Options("cdr-map").Count > 0)
        {
            throw new UsageException("--language and --cdr-map are not supported with --store yet (lab jobs index with the default analysis, and take no column maps)");
        }

        cl.RejectUnknown();
        if (request.Paths.Count == 0)
        {
            throw new UsageException("ingest needs at least one file or folder");
        }

        var labCase = LabIngest.OpenCase(request);
        LabTool.Audit(cl, request.Store, labCase.Id);
        var r = await LabIngest.IngestAsync(request, cancellationToken).ConfigureAwait(false);
        var total = labCase.CountEvents();
        await stdout.WriteLineAsync(json
            ? IngestCommand.Json(r, total)
            : string.Create(CultureInfo.InvariantCulture, $"{r.Sources} sources, {r.EventsRead:N0} events read, {r.EventsAdded:N0} new, in {r.Elapsed.TotalSeconds:0.00} s\nlab case {labCase.Name} ({request.Store.Description}): {total:N0} events")).ConfigureAwait(false);
        return r.Cancelled ? ExitCodes.Interrupted : r.Diagnostics > 0 ? ExitCodes.Diagnostics : ExitCodes.Ok;
    }

    private static async Task<int> SubmitAsync(CommandLine cl, LabIngestRequest request, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (request.Paths.Count == 0)
        {
            throw new UsageException("lab submit: give the files and folders to ingest");
        }

        var problems = 0;
        var specs = LabIngest.Plan(request.Paths, ReaderCatalog.CreateRegistry(), (path, reason) =>
        {
            problems++;
            stderr.WriteLine($"evidencepipe: {path}: {reason}");
        });
        var labCase = LabIngest.OpenCase(request);
        LabTool.Audit(cl, request.Store, labCase.Id);
        var added = LabJobs.Submit(request.Store, labCase, specs);
        await stdout.WriteLineAsync(json
            ? EventJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("case", labCase.Name);
                w.WriteNumber("jobs", specs.Count);
                w.WriteNumber("new", added);
                w.WriteEndObject();
            })
            : string.Create(CultureInfo.InvariantCulture, $"case {labCase.Name}: {specs.Count} jobs ({added} new) queued in {request.Store.Description}")).ConfigureAwait(false);
        return problems > 0 ? ExitCodes.Diagnostics : ExitCodes.Ok;
    }

    private static string Status(LabStatus s, bool json)
    {
        string[] states = ["queued", "running", "done", "failed"];
        if (json)
        {
            return EventJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("jobs");
                foreach (var j in s.Jobs)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", j.Id);
                    w.WriteString("case", j.Case);
                    w.WriteString("path", j.Path);
                    w.WriteString("state", j.State);
                    if (j.Worker is { } worker)
                    {
                        w.WriteNumber("worker", worker);
                    }
                    else
                    {
                        w.WriteNull("worker");
                    }

                    if (j.Events is { } events)
                    {
                        w.WriteNumber("events", events);
                    }
                    else
                    {
                        w.WriteNull("events");
                    }

                    w.WriteNumber("attempts", j.Attempts);
                    w.WriteString("error", j.Error);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("workers");
                foreach (var k in s.Workers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", k.Id);
                    w.WriteString("host", k.Host);
                    w.WriteNumber("pid", k.Pid);
                    w.WriteString("db_user", k.DbUser);
                    w.WriteBoolean("alive", k.Alive);
                    w.WriteString("heartbeat", EventJson.Time(k.Heartbeat));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("counts");
                foreach (var state in states)
                {
                    w.WriteNumber(state, s.Count(state));
                }

                w.WriteEndObject();
                Nullable(w, "events_per_s", s.EventsPerSecond);
                Nullable(w, "eta_s", s.EtaSeconds);
                w.WriteEndObject();
            });
        }

        var sb = new System.Text.StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Join(", ", states.Select(st => string.Create(ci, $"{s.Count(st)} {st}"))));
        sb.AppendLine(string.Create(ci, $"workers: {s.Workers.Count(w => w.Alive)} alive of {s.Workers.Count} registered"));
        if (s.EventsPerSecond is { } rate)
        {
            sb.AppendLine(string.Create(ci, $"throughput: {rate:N0} events/s over the jobs done{(s.EtaSeconds is { } eta ? $"; about {eta:N0} s of work left" : string.Empty)}"));
        }

        foreach (var j in s.Jobs)
        {
            sb.AppendLine(string.Create(ci, $"  job {j.Id} [{j.State}] {j.Case}: {j.Path}{(j.Worker is { } k ? $" (worker {k})" : string.Empty)}{(j.Events is { } e ? $", {e} events" : string.Empty)}{(j.Error is { } err ? ": " + err : string.Empty)}"));
        }

        return sb.ToString().TrimEnd();
    }

    private static void Nullable(System.Text.Json.Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 1));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
