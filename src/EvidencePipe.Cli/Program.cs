using System.Globalization;
using System.CommandLine;
using System.CommandLine.Help;
using EvidencePipe.Application;
using EvidencePipe.Cli.Commands;
using EvidencePipe.Pipeline;
using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // First, before the heap grows: its next regions on huge pages, and then its first allocations without a
        // collection (ManagedHeapHugePages says why).
        var heapAdvice = ManagedHeapHugePages.Advise();
        var collectionsDeferred = ManagedHeapHugePages.DeferFirstCollections(heapAdvice);
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
        PhaseTimings.Start(Console.Error);
        PhaseTimings.Note(heapAdvice.Range is { } heap
            ? string.Create(CultureInfo.InvariantCulture, $"heap on huge pages from 0x{heap.Start:x} to 0x{heap.End:x} ({(heap.End - heap.Start) >> 20} MiB); first collection {(collectionsDeferred ? $"after {ManagedHeapHugePages.FirstAllocationsWithoutCollection >> 20} MiB" : "as usual")}")
            : "heap not on huge pages: " + heapAdvice.Reason);
        try
        {
            return await RunAsync(args, stdout, Console.Error, cts.Token).ConfigureAwait(false);
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            PhaseTimings.Mark("end");
        }
    }

    /// <summary>The whole CLI, with its streams injected so tests run it in-process.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Count == 0)
            {
                throw new UsageException("no command given");
            }

            if (args[0] is "help" or "--help" or "-h" or "-?")
            {
                await stdout.WriteAsync(Usage.Text).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (args[0] is "--version")
            {
                return await Version(stdout).ConfigureAwait(false);
            }

            var root = CommandSpecs.Build();
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            if (args[0].StartsWith('['))
            {
                // Directives such as [suggest] (shell completion) are System.CommandLine's own.
                return await root.Parse([.. args]).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            }

            var command = root.Subcommands.FirstOrDefault(c => c.Name == args[0])
                ?? throw new UsageException($"unknown command '{args[0]}'{Suggest(args[0], root.Subcommands.Select(c => c.Name))}");
            RejectUnknownOptions(command, args);
            var parse = root.Parse([.. args]);
            if (parse.Action is HelpAction)
            {
                return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            }

            if (parse.Errors.Count > 0)
            {
                throw new UsageException(string.Join("; ", parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal)));
            }

            var cl = CommandLine.From(parse, command, args);
            PhaseTimings.Mark("command line parsed");
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
                "orders" => OrdersCommand.Run(cl, stdout),
                "places" => PlacesCommand.Run(cl, stdout),
                "chronology" => await ChronologyCommand.RunAsync(cl, stdout, cancellationToken).ConfigureAwait(false),
                "serve" => await ServeCommand.RunAsync(cl, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "version" => await Version(stdout).ConfigureAwait(false),
                "lab" => await LabCommand.RunAsync(cl, stdout, stderr, cancellationToken).ConfigureAwait(false),
                "links" => LinksCommand.Run(cl, stdout, cancellationToken),
                _ => throw new UsageException($"unknown command '{cl.Command}'"),
            };
        }
        catch (Exception ex) when (ex is UsageException or CaseOptionException)
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
        catch (EvidencePipe.Store.Postgres.StoreConnectionException ex)
        {
            await stderr.WriteLineAsync($"evidencepipe: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Npgsql.PostgresException ex)
        {
            // The server's own refusal (42501 permission denied for a read-only role, …): never holds the connection string.
            await stderr.WriteLineAsync($"evidencepipe: lab store: {ex.SqlState}: {ex.MessageText}").ConfigureAwait(false);
            return ExitCodes.StoreOrFile;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await stderr.WriteLineAsync($"evidencepipe: lab store could not be used: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.StoreOrFile;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("evidencepipe: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (StoreFailure.Describe(ex, CaseArguments(args)) is { } message)
        {
            await stderr.WriteLineAsync("evidencepipe: " + message).ConfigureAwait(false);
            return ExitCodes.StoreOrFile;
        }
    }

    /// <summary>The <c>--case</c> values given (SQLite's errors do not name their file, so the message names these).</summary>
    private static List<string> CaseArguments(IReadOnlyList<string> args)
    {
        var cases = new List<string>();
        for (var i = 1; i < args.Count && args[i] != "--"; i++)
        {
            if (args[i] == "--case" && i + 1 < args.Count)
            {
                cases.Add(args[++i]);
            }
            else if (args[i].StartsWith("--case=", StringComparison.Ordinal))
            {
                cases.Add(args[i]["--case=".Length..]);
            }
        }

        return cases;
    }

    /// <summary>
    /// System.CommandLine reads an unknown <c>--word</c> as a positional argument where a command takes
    /// some (a search query, ingest paths), and a flag's <c>--json=true</c> as the flag plus a word; both
    /// would be silently wrong, so every <c>--name</c> before <c>--</c> must be one the command declares,
    /// and a flag must not be given a value.
    /// </summary>
    private static void RejectUnknownOptions(System.CommandLine.Command command, IReadOnlyList<string> args)
    {
        var known = CommandSpecs.OptionNames(command);
        foreach (var a in args.Skip(1).TakeWhile(a => a != "--"))
        {
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                continue;
            }

            var eq = a.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? a[2..eq] : a[2..];
            if (name == "help")
            {
                continue;
            }

            if (!known.Contains(name))
            {
                throw new UsageException($"unknown option --{name} for {command.Name}{Suggest(name, known.Where(k => k.Length > 1).Select(k => "--" + k), "--")}");
            }

            if (eq > 0 && CommandSpecs.IsFlag(command, name))
            {
                throw new UsageException($"--{name} takes no value ('{a}')");
            }
        }
    }

    /// <summary>"; did you mean …?" for a near miss (Levenshtein distance ≤ 2), else nothing.</summary>
    private static string Suggest(string typed, IEnumerable<string> candidates, string prefix = "")
    {
        var best = candidates.Select(c => (c, d: Distance(prefix + typed, c))).Where(x => x.d <= 2).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal).FirstOrDefault();
        return best.c is null ? string.Empty : $" (did you mean {best.c}?)";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
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

    /// <summary>The command line as the audit log records it.</summary>
    public static CommandAudit Audit(CommandLine cl) => new(cl.Command, cl.Arguments, Version);

    /// <summary>
    /// Opens a case and records the command in its audit log before anything else; a command that does not
    /// change evidence also works on a read-only case (<see cref="CaseAccess.OpenAudited"/>), saying so on stderr.
    /// </summary>
    public static CaseStore OpenAudited(CommandLine cl, bool create, TextWriter? stderr = null) =>
        CaseAccess.OpenAudited(cl.Required("case"), create, Audit(cl), m => (stderr ?? Console.Error).WriteLine("evidencepipe: " + m));
}

internal static class Usage
{
    public const string Text = """
        usage: evidencepipe <command> [options]

          ingest <path>… --case DIR [--tz ZONE] [--region CC] [--owner ID]… [--language L] [--perspective victim|suspect] [--workers N] [--cdr-map FILE]… [--json]
              Walk the paths, hash every file (SHA-256) before parsing, recognise formats by content,
              and add their events to the case. Re-ingesting the same files adds nothing.
          search --case DIR [--case DIR]… [--json] [--limit N] [--sort time|oldest|relevance] QUERY
              QUERY: words, "phrases", AND OR NOT ( ), prefix*, word~ (fuzzy), "a b"~N (proximity),
              from: to: channel: kind: direction: has:attachment before: after: (ISO-8601 dates)
          export --case DIR --format jsonl|csv|geojson [--out FILE] [--csv-raw]
              Every event, ordered by time then id; byte-identical for the same case. CSV cells that a
              spreadsheet could run as a formula (= + - @ TAB CR first) get a ' prefix unless --csv-raw.
          contacts --case DIR [--json] [--order SPEC]… [--aliases FILE] [--lexicon FILE] [--limit N] [--since-last] [--watch ID|PHRASE]… [--place NAME=LAT,LON[,METRES]]…
              Counter-party persons ranked by a transparent weighted score of stalking indicators,
              each with its evidence. SPEC = party=ID,from=DATE[,to=DATE][,type=SPO|RO|NMO|BAIL].
          report --case DIR --out FILE.html [--order SPEC]… [--aliases FILE] [--lexicon FILE] [--place NAME=LAT,LON[,METRES]]…
              A self-contained HTML report: ranked contacts, charts, indicator evidence, legal panel.
          chronology --case DIR --person P --out FILE.csv|FILE.html [--order SPEC]… [--aliases FILE]
              One row per occasion (day with contact from the person): date, channels, count, first words,
              flags (threat, breach, after refusal…) and exhibits (source file, SHA-256, locator).
          orders add|list|remove --case DIR [--type SPO|RO|NMO|BAIL --party ID --from DATE [--to DATE] [--ref TEXT] [--conditions TEXT]] [--json] [ID…]
              Protective orders kept with the case; contacts and report apply them on every run.
          places add|list|remove --case DIR [NAME=LAT,LON[,METRES]…] [--json] [ID…]
              The victim's places kept with the case; contacts and report look at them on every run.
          serve --case DIR [--case DIR]… [--listen 127.0.0.1:PORT] [--users FILE]
              The investigator's web page (search, conversations, contacts, provenance) and its JSON API;
              read-only. Any address other than loopback needs --users (hashed passwords).
          lab init|status|worker|submit PATH… --store S [--case NAME] [--tz --region --owner --perspective] [--workers N] [--exit-when-idle] [--json]
              A lab's PostgreSQL store and work queue; S is env[:VAR], file:PATH (0600) or a URL without a password.
              ingest, export, search, verify and manifest also take --store S with --case NAME.
              serve takes --store S with --case NAME… (a read-only investigator login) and [--index-root DIR].
          links (--store S | --case DIR --case DIR…) [--json]
              Identifiers in two or more cases (short codes, service senders and display names left out).
          verify --case DIR [--json]
              Re-hash every source against the case manifest.
          manifest --case DIR [--out FILE.csv] [--diagnostics FILE.csv] [--csv-raw]
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
        `evidencepipe <command> --help` shows a command's options with an example; arguments may be read
        from a response file (@FILE, one per line).
        Exit codes: 0 ok; 1 usage; 2 finished, but some sources or records had diagnostics;
                    3 integrity failure (verify); 4 a validation check failed (validate);
                    5 the case store or a file could not be used (busy, damaged, disk full, no permission);
                    130 interrupted (the next ingest completes the case).

        """;
}
