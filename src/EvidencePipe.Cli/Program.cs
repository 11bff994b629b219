using EvidencePipe.Cli.Commands;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C: stop cleanly (the writer commits what it has); a second one kills.
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("\nstopping: finishing the current batch…");
                cts.Cancel();
            }
        };
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false, NewLine = "\n" };
        try
        {
            return await RunAsync(args, stdout, Console.Error, cts.Token).ConfigureAwait(false);
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The whole CLI, with its streams injected so tests run it in-process.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            var cl = CommandLine.Parse(args);
            if (cl.Command is "help" or "--help" or "-h" || cl.Flag("help"))
            {
                await stdout.WriteAsync(Usage.Text).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            return cl.Command switch
            {
                "ingest" => await IngestCommand.RunAsync(cl, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "search" => SearchCommand.Run(cl, stdout, cancellationToken, stderr),
                "export" => await ExportCommand.RunAsync(cl, stdout, cancellationToken).ConfigureAwait(false),
                "verify" => await VerifyCommand.RunAsync(cl, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "synth" => SynthCommand.Run(cl, stdout),
                "contacts" => ContactsCommand.Run(cl, stdout, cancellationToken),
                "report" => await ReportCommand.RunAsync(cl, stdout, cancellationToken).ConfigureAwait(false),
                "manifest" => await ManifestCommand.RunAsync(cl, stdout, cancellationToken).ConfigureAwait(false),
                "validate" => await ValidateCommand.RunAsync(cl, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "demo" => await DemoCommand.RunAsync(cl, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "version" or "--version" => await Version(stdout).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{cl.Command}'"),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"evidencepipe: {ex.Message}\n\n{Usage.Text}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (QuerySyntaxException ex)
        {
            await stderr.WriteLineAsync($"evidencepipe: search query: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (CaseNotFoundException ex)
        {
            await stderr.WriteLineAsync($"evidencepipe: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("evidencepipe: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
    }

    private static async Task<int> Version(TextWriter stdout)
    {
        await stdout.WriteLineAsync("evidencepipe " + Tool.Version).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

internal static class Tool
{
    public static string Version { get; } =
        typeof(Tool).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Opens an existing case and records the command in its audit log before anything else.</summary>
    public static CaseStore OpenAudited(CommandLine cl, bool create)
    {
        var store = CaseStore.Open(cl.Required("case"), create);
        store.AppendAudit(cl.Command, cl.Arguments, Version, DateTimeOffset.UtcNow);
        return store;
    }
}

internal static class Usage
{
    public const string Text = """
        usage: evidencepipe <command> [options]

          ingest <path>… --case DIR [--tz ZONE] [--region CC] [--owner ID]… [--language L] [--workers N] [--cdr-map FILE]… [--json]
              Walk the paths, hash every file (SHA-256) before parsing, recognise formats by content,
              and add their events to the case. Re-ingesting the same files adds nothing.
          search --case DIR [--case DIR]… [--json] [--limit N] [--sort time|oldest|relevance] QUERY
              QUERY: words, "phrases", AND OR NOT ( ), prefix*, word~ (fuzzy), "a b"~N (proximity),
              from: to: channel: kind: direction: has:attachment before: after: (ISO-8601 dates)
          export --case DIR --format jsonl|csv|geojson [--out FILE]
              Every event, ordered by time then id; byte-identical for the same case.
          contacts --case DIR [--json] [--order SPEC]… [--aliases FILE] [--limit N]
              Counter-party persons ranked by a transparent weighted score of stalking indicators,
              each with its evidence. SPEC = party=ID,from=DATE[,to=DATE][,type=SPO|RO|NMO|BAIL].
          report --case DIR --out FILE.html [--order SPEC]… [--aliases FILE]
              A self-contained HTML report: ranked contacts, charts, indicator evidence, legal panel.
          verify --case DIR [--json]
              Re-hash every source against the case manifest.
          manifest --case DIR [--out FILE.csv] [--diagnostics FILE.csv]
              The exhibit list as CSV (path, size, SHA-256, format, status, records read/recovered/skipped,
              diagnostics), in path order; --diagnostics also writes every diagnostic (source, locator,
              severity, reason).
          validate [--reference FILE] [--out REPORT.json]
              Run the bundled reference set (fixtures/validation/reference.json) through the pipeline and
              check every expected hash, count and field; writes a JSON report and a Markdown copy beside
              it. Exit 0 when every check passes, 4 when any fails.
          demo [--case DIR]
              Ingest the bundled demo case (default case ./cases/demo) and show what it holds.
          synth --out DIR [--events N] [--seed S] [--formats LIST] [--benign]
              Write a deterministic synthetic case in the real export formats; LIST is a comma-separated
              subset of sms,calls,whatsapp,mbox,vcard (default: all), and every event goes to those.
              --benign: about N events of ordinary relationships only (no stalking), SMS and calls XML.

        Defaults: --tz Europe/London, --region GB, --workers = number of cores, --limit 50.
        Exit codes: 0 ok; 1 usage; 2 finished, but some sources or records had diagnostics;
                    3 integrity failure (verify); 4 a validation check failed (validate);
                    130 interrupted (the next ingest completes the case).

        """;
}
