using EvidencePipe.Analysis.Lexicon;
using System.CommandLine;
using System.CommandLine.Parsing;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Identifiers;
using EvidencePipe.Search;
using EvidencePipe.Synthesis;
using EvidencePipe.Time;

namespace EvidencePipe.Cli;

/// <summary>
/// Every command's options and arguments, declared once, on System.CommandLine: typed values, generated
/// <c>--help</c> with examples, <c>@file</c> response files and the <c>[suggest]</c> completion directive.
/// The whole command line is parsed and checked here, before a command body runs, so a usage error
/// (exit 1) never leaves anything in a case — not even an audit row. Command bodies read the result
/// through <see cref="CommandLine"/>, as they did before.
/// </summary>
internal static class CommandSpecs
{
    public static RootCommand Build()
    {
        var root = new RootCommand("EvidencePipe: hash, parse, normalise and search phone and message exports; score contact for stalking indicators.");
        root.Subcommands.Add(Command("ingest", """
            Walk the paths, hash every file (SHA-256) before parsing, recognise formats by content and add their events to the case.
            Re-ingesting the same files adds nothing.
            Example: evidencepipe ingest /evidence/exhibit-JB-01 --case cases/op-ivy --tz Europe/London --region GB --owner 07700900123
            """,
            Paths("path", "Files and folders to ingest (recursively)."),
            CaseOption(), Flag("json", "Print one JSON object at the end."), Flag("quiet", "No progress on stderr."),
            IntOption("workers", "Parse workers (default: the number of cores).", 1),
            Text("tz", "The case time zone, an IANA id (default Europe/London); kept by the case.", v => CaseTimeZone.IsKnown(v) ? null : $"unknown time zone '{v}' (expected an IANA id such as Europe/London)"),
            Text("region", "The dialling region for national numbers, ISO 3166-1 (default GB); kept by the case.", v => PhoneRegion.TryGet(v, out _) ? null : $"unknown --region '{v}' (expected an ISO 3166-1 region code libphonenumber knows, such as GB, US, IT)"),
            Many("owner", "The device owner's number, e-mail, name:… or handle:… (repeatable); kept by the case."),
            Text("language", "The case language for stemming (an Analysis.Common analyzer, e.g. english); kept by the case."),
            Text("perspective", "victim (default: the owner is being contacted) or suspect (the owner is under investigation; their pursuit of each person is scored); kept by the case.",
                v => EvidencePipe.Analysis.Perspectives.Parse(v) is null ? $"--perspective must be victim or suspect, not '{v}'" : null),
            Many("cdr-map", "A JSON column mapping for operator call-detail records (repeatable).")));
        root.Subcommands.Add(Command("search", """
            Search one or more cases. QUERY: words, "phrases", AND OR NOT -word ( ), prefix*, word~ (fuzzy), "a b"~N (proximity),
            from: to: channel: kind: direction: has:attachment, before: (exclusive) after: (inclusive).
            Dates are ISO-8601 only: YYYY-MM-DD (a day in the case zone), YYYY-MM-DDThh:mm[:ss] (case-zone time), or with Z / ±hh:mm.
            Example: evidencepipe search --case cases/op-ivy '"outside your house" from:07700900666 after:2024-03-01'
            """,
            Query(), Many("case", "A case directory, or a folder holding cases (repeatable: the cases are searched together).", required: true), Flag("json", "Print {\"total\",\"hits\":[…]}."),
            IntOption("limit", "Hits to show (default 50).", 0),
            Choice("sort", "time (newest first, the default), oldest or relevance.", "time", "newest", "oldest", "relevance")));
        root.Subcommands.Add(Command("export", """
            Every event, ordered by time then id; byte-identical for the same case.
            Example: evidencepipe export --case cases/op-ivy --format jsonl --out op-ivy.jsonl
            """,
            CaseOption(), Choice("format", "jsonl, csv or geojson.", "jsonl", "csv", "geojson"), Text("out", "Write to FILE instead of stdout."),
            CsvRaw()));
        root.Subcommands.Add(Command("contacts", """
            Counter-party persons ranked by a transparent weighted score of stalking indicators, each with its evidence.
            SPEC = party=ID,from=DATE[,to=DATE][,type=SPO|RO|NMO|BAIL] (dates in the case zone).
            Example: evidencepipe contacts --case cases/op-ivy --order party=07700900666,from=2024-04-01,type=RO
            """,
            CaseOption(), Flag("json", "Print {\"contacts\":[…]}."), Orders(), Text("aliases", "A CSV of person,identifier."), Lexicon(),
            IntOption("limit", "Persons to show (default all).", 1),
            Flag("since-last", "Also show what changed since the previous contacts/report run: new events, new indicators, band changes."),
            Many("watch", "A detail of the victim's to look for in every event — a number, e-mail, workplace, vehicle registration (repeatable)."),
            Many("place", PlaceHelp)));
        root.Subcommands.Add(Command("report", """
            A self-contained HTML report: ranked contacts, charts, indicator evidence, legal panel.
            Example: evidencepipe report --case cases/op-ivy --out op-ivy.html --order party=07700900666,from=2024-04-01
            """,
            CaseOption(), Text("out", "The HTML file to write.", required: true), Orders(), Text("aliases", "A CSV of person,identifier."), Lexicon(),
            Flag("since-last", "Add a section of what changed since the previous contacts/report run: new events, new indicators, band changes."),
            Many("place", PlaceHelp)));
        root.Subcommands.Add(Command("chronology", """
            One row per occasion (a day in the case zone with contact from the person): date, channels, count, first words,
            flags (threat, surveillance, breach, after refusal, after block, incident log) and exhibits (source file, SHA-256, locator).
            CSV (spreadsheet-safe) or HTML, by the --out extension. Stored orders apply, with any --order.
            Example: evidencepipe chronology --case cases/op-ivy --person P-684905bcb7 --out jordan-chronology.csv
            """,
            CaseOption(), Text("person", "The person: a P-… id, an identifier or the name as contacts shows it.", required: true),
            Text("out", "FILE.csv or FILE.html.", v => ChronologyFormat(v) is null ? "--out must end in .csv, .html or .htm" : null, required: true),
            Orders(), Text("aliases", "A CSV of person,identifier."), Lexicon()));
        root.Subcommands.Add(Command("orders", """
            Protective orders kept with the case: contacts and report apply them on every run (a one-off --order is added to them).
            ACTION: add (with --type --party --from [--to] [--ref] [--conditions]), list, or remove ID.
            Example: evidencepipe orders add --case cases/op-ivy --type RO --party 07700900666 --from 2024-04-01 --ref "T20240123"
            """,
            OrderAction(), CaseOption(), Flag("json", "list: print {\"orders\":[…]}."),
            Text("type", "SPO, RO, NMO or BAIL.", v => v.ToUpperInvariant() is "SPO" or "RO" or "NMO" or "BAIL" ? null : $"--type must be SPO, RO, NMO or BAIL, not '{v}'"),
            Text("party", "The person the order is against: a number, e-mail, name:…, handle:… or person id."),
            Text("from", "First day in force, YYYY-MM-DD in the case zone.", IsoDate),
            Text("to", "Last day in force, YYYY-MM-DD in the case zone (open-ended without it).", IsoDate),
            Text("ref", "The court or custody reference."),
            Text("conditions", "The order's conditions as written on it.")));
        root.Subcommands.Add(Command("places", """
            The victim's places kept with the case: contacts and report look at them on every run (a one-off --place is added
            to them; one with a stored place's name stands in for it in that run). Adding a name the case has replaces it.
            ACTION: add NAME=LAT,LON[,METRES]… (decimal degrees; radius 100 m unless given), list, or remove ID.
            Example: evidencepipe places add --case cases/op-ivy "home=51.5007,-0.1246,150" "work=51.5155,-0.0922"
            """,
            PlaceAction(), CaseOption(), Flag("json", "list: print {\"places\":[…]}.")));
        root.Subcommands.Add(Command("verify", """
            Re-hash every source against the case manifest; exit 3 on any mismatch.
            Example: evidencepipe verify --case cases/op-ivy
            """,
            CaseOption(), Flag("json", "Print the result as JSON.")));
        root.Subcommands.Add(Command("manifest", """
            The exhibit list as CSV (path, size, SHA-256, format, status, records read/recovered/skipped, diagnostics), in path order.
            Example: evidencepipe manifest --case cases/op-ivy --out exhibits.csv --diagnostics diagnostics.csv
            """,
            CaseOption(), Text("out", "Write the exhibit list to FILE.csv."), Text("diagnostics", "Also write every diagnostic to FILE.csv."),
            CsvRaw()));
        root.Subcommands.Add(Command("validate", """
            Run the bundled reference set through the pipeline and check every expected hash, count and field; exit 4 when any fails.
            Example: evidencepipe validate --out validation.json
            """,
            Text("reference", "A reference set (default fixtures/validation/reference.json)."), Text("out", "Write the JSON report (and a Markdown copy beside it).")));
        root.Subcommands.Add(Command("demo", """
            Ingest the bundled demo case and show what it holds.
            Example: evidencepipe demo
            """,
            Text("case", "The case directory (default ./cases/demo).")));
        root.Subcommands.Add(Command("synth", """
            Write a deterministic synthetic case in the real export formats.
            Example: evidencepipe synth --out /tmp/case --events 3000 --seed 1 --formats sms,whatsapp
            """,
            Text("out", "The folder to write.", required: true), IntOption("events", "Events to write (default 3000).", 10),
            IntOption("seed", "Random seed (default 1).", 0),
            Text("formats", "Comma-separated subset of sms,calls,whatsapp,mbox,vcard (default all).", v => Check(() => SynthFormatList.Parse(v))),
            Flag("benign", "Ordinary relationships only, no stalking pattern (for specificity checks)."),
            Flag("suspect", "The same conduct as found on the stalker's seized phone (owner Jordan, +447700900666; no mailbox).")));
        root.Subcommands.Add(Command("serve", """
            The investigator's web page and its JSON API (/api/search, /api/contacts, /api/events/ID, /api/conversation?person=),
            read-only over the cases; every search and view is recorded in the case's audit log with the user.
            Loopback only by default; any other --listen address needs --users FILE (name:pbkdf2-sha256:ITERATIONS:SALT:HASH lines).
            Example: evidencepipe serve --case cases/op-ivy --listen 127.0.0.1:8080
            """,
            Many("case", "A case directory, or a folder holding cases (repeatable).", required: true),
            Text("listen", "HOST:PORT to listen on (default 127.0.0.1:8080)."),
            Text("users", "The users file (required for any address other than loopback).")));
        // serve's contacts take contacts' analysis options (issue 21), added here so the lines above stay as they were.
        root.Subcommands.First(c => c.Name == "serve").Options.Add(Orders());
        root.Subcommands.First(c => c.Name == "serve").Options.Add(Text("aliases", "A CSV of person,identifier."));
        root.Subcommands.First(c => c.Name == "serve").Options.Add(Lexicon());
        root.Subcommands.Add(Command("version", "Print the tool version."));
        // The lab store (issue 20): --store on the case commands that support it, added here so the lines above stay as they were.
        root.Subcommands.First(c => c.Name == "ingest").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "export").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "search").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "verify").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "manifest").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "contacts").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "report").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "chronology").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "orders").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "demo").Options.Add(Text("store", "Refused: demo makes a local case only (a lab case is evidence)."));
        root.Subcommands.First(c => c.Name == "search").Options.Add(Text("index-root", "With --store: where the lab's job indexes are (default: what lab init --index-root recorded)."));
        // serve over a lab case (issue 21): --store names the lab, each --case is then a case name in it; the login must be read-only.
        root.Subcommands.First(c => c.Name == "serve").Options.Add(StoreOption());
        root.Subcommands.First(c => c.Name == "serve").Options.Add(Text("index-root", "With --store: where the lab's job indexes are (default: what lab init --index-root recorded)."));
        root.Subcommands.Add(Command("lab", """
            A lab's shared PostgreSQL store and work queue. ACTION: init (as the database owner: schema and roles),
            submit PATH… (queue one job per file for --case NAME), worker (run jobs), status.
            Example: evidencepipe lab submit --store env --case op-ivy --tz Europe/London /evidence/JB-01
            """,
            LabAction(), StoreOption(required: true), Text("case", "lab submit: the case name."), Flag("json", "status/submit: print JSON."),
            IntOption("workers", "lab worker: jobs run at once (default 1).", 1),
            Flag("exit-when-idle", "lab worker: stop once no job is queued or running."),
            Text("index-root", "lab init: record the shared folder where jobs write their search indexes; lab worker: use this one instead."),
            Text("tz", "lab submit: the case time zone, an IANA id (default Europe/London); kept by the case.", v => CaseTimeZone.IsKnown(v) ? null : $"unknown time zone '{v}' (expected an IANA id such as Europe/London)"),
            Text("region", "lab submit: the dialling region for national numbers (default GB); kept by the case.", v => PhoneRegion.TryGet(v, out _) ? null : $"unknown --region '{v}' (expected an ISO 3166-1 region code libphonenumber knows, such as GB, US, IT)"),
            Many("owner", "lab submit: the device owner's identifiers (repeatable); kept by the case."),
            Text("perspective", "lab submit: victim or suspect; kept by the case.",
                v => EvidencePipe.Analysis.Perspectives.Parse(v) is null ? $"--perspective must be victim or suspect, not '{v}'" : null)));
        root.Subcommands.Add(Command("links", """
            Identifiers (numbers, e-mails, handles) found in two or more cases, with each case's count, first/last seen and roles.
            Display names, short codes, alphanumeric senders and service mailboxes (no-reply, postmaster, …) are left out.
            Example: evidencepipe links --case cases/op-ivy --case cases/op-oak --json
            """,
            StoreOption(), Many("case", "A case directory (at least two), instead of --store."), Flag("json", "Print {\"links\":[…]}.")));
        return root;
    }

    /// <summary>The options a command accepts, by name without dashes (for the unknown-option check).</summary>
    public static IReadOnlySet<string> OptionNames(Command command) =>
        command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Select(n => n.TrimStart('-')).ToHashSet(StringComparer.Ordinal);

    /// <summary>Options that take no value: <c>--json=true</c> is refused rather than read as something else.</summary>
    public static bool IsFlag(Command command, string name) =>
        command.Options.Any(o => o.Name.TrimStart('-') == name && o.Arity.MaximumNumberOfValues == 0);

    private static Command Command(string name, string description, params Symbol[] symbols)
    {
        var command = new Command(name, description.Trim());
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option o:
                    command.Options.Add(o);
                    break;
                case Argument a:
                    command.Arguments.Add(a);
                    break;
            }
        }

        return command;
    }

    /// <summary>CSV cells are spreadsheet-safe by default (OWASP CSV injection); this keeps the exact text.</summary>
    private const string PlaceHelp = "One of the victim's places, NAME=LAT,LON[,METRES] (decimal degrees; radius 100 m unless given; repeatable; added to the places kept with the case, see places): when the device's location records were near it (distance ≤ radius + the record's accuracy).";

    private static Option<bool> CsvRaw() =>
        Flag("csv-raw", "CSV: keep cells exactly as stored (by default a cell starting with = + - @ TAB or CR is prefixed with ' so a spreadsheet shows it as text).");

    private static Option<string> CaseOption() => Text("case", "The case directory.", required: true);

    private static Option<bool> Flag(string name, string description) => new("--" + name)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };

    private static Option<string> Text(string name, string description, Func<string, string?>? check = null, bool required = false)
    {
        var option = new Option<string>("--" + name) { Description = description, Required = required };
        if (check is not null)
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string>() is { } v && check(v) is { } error)
                {
                    r.AddError(error);
                }
            });
        }

        return option;
    }

    private static Option<string> Text(string name, string description, bool required) => Text(name, description, null, required);

    private static Option<string> Choice(string name, string description, params string[] values)
    {
        var option = new Option<string>("--" + name) { Description = description };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    private static Option<int> IntOption(string name, string description, int min)
    {
        var option = new Option<int>("--" + name) { Description = description };
        option.Validators.Add(r =>
        {
            // A word that is not a number is already a parse error; only a number below the bound is checked here.
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < min)
            {
                r.AddError($"--{name} must be a whole number ≥ {min}");
            }
        });
        return option;
    }

    private static Option<string[]> Many(string name, string description, bool required = false) => new("--" + name)
    {
        Description = description,
        Required = required,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string[]> Orders()
    {
        var option = Many("order", "A protective order, SPEC as above (repeatable).");
        option.Validators.Add(r =>
        {
            foreach (var spec in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (Check(() => ProtectiveOrder.Parse(spec)) is { } error)
                {
                    r.AddError("--order: " + error);
                }
            }
        });
        return option;
    }

    /// <summary>A force's own phrase lexicon, checked whole before the case is opened (a bad edit never half-loads).</summary>
    private static Option<string> Lexicon()
    {
        var option = Text("lexicon", "A phrase lexicon file (JSON, as src/EvidencePipe.Analysis/Lexicon/en.lexicon.json) used instead of the bundled one.");
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } path && Check(() => PhraseLexicon.LoadFile(path)) is { } error)
            {
                r.AddError("--lexicon: " + error);
            }
        });
        return option;
    }

    /// <summary><c>add</c>, <c>list</c> or <c>remove ID…</c>.</summary>
    private static Argument<string[]> OrderAction()
    {
        var action = Paths("action", "add, list, or remove ID.");
        action.Validators.Add(r =>
        {
            var words = r.GetValueOrDefault<string[]>() ?? [];
            var error = words switch
            {
                [] => "orders: give an action: add, list or remove ID",
                ["add" or "list"] => null,
                ["remove", .. var ids] when ids.Length > 0 && ids.All(i => long.TryParse(i, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) => null,
                ["remove", ..] => "orders remove: give the id of each order to remove (as orders list shows it)",
                _ => $"orders: unknown action '{string.Join(' ', words)}' (expected add, list or remove ID)",
            };
            if (error is not null)
            {
                r.AddError(error);
            }
        });
        return action;
    }

    /// <summary><c>add NAME=LAT,LON[,METRES]…</c>, <c>list</c> or <c>remove ID…</c>.</summary>
    private static Argument<string[]> PlaceAction()
    {
        var action = Paths("action", "add NAME=LAT,LON[,METRES]…, list, or remove ID.");
        action.Validators.Add(r =>
        {
            var words = r.GetValueOrDefault<string[]>() ?? [];
            var error = words switch
            {
                [] => "places: give an action: add NAME=LAT,LON[,METRES], list or remove ID",
                ["list"] => null,
                ["add"] => "places add: give each place as NAME=LAT,LON[,METRES]",
                ["add", .. var specs] => specs.Select(spec => Check(() => Analysis.Tracking.Place.Parse(spec))).FirstOrDefault(e => e is not null) is { } bad ? "places add: " + bad : null,
                ["remove", .. var ids] when ids.Length > 0 && ids.All(i => long.TryParse(i, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) => null,
                ["remove", ..] => "places remove: give the id of each place to remove (as places list shows it)",
                _ => $"places: unknown action '{string.Join(' ', words)}' (expected add, list or remove ID)",
            };
            if (error is not null)
            {
                r.AddError(error);
            }
        });
        return action;
    }

    /// <summary>
    /// <c>--store</c>: where the lab store's connection string is — <c>env[:NAME]</c>, <c>file:PATH</c> (mode 0600) or a
    /// postgresql:// URL without a password (EvidencePipe.Store.Postgres.StoreConnection); never the password itself.
    /// </summary>
    private static Option<string> StoreOption(bool required = false) =>
        Text("store", "The lab store: env[:VAR] (default EVIDENCEPIPE_STORE), file:PATH (mode 0600) or postgresql://user@host/db without a password; --case is then the case name.", required: required);

    /// <summary><c>init</c>, <c>submit PATH…</c>, <c>worker</c> or <c>status</c>.</summary>
    private static Argument<string[]> LabAction()
    {
        var action = Paths("action", "init, submit PATH…, worker or status.");
        action.Validators.Add(r =>
        {
            var error = (r.GetValueOrDefault<string[]>() ?? []) switch
            {
                [] => "lab: give an action: init, submit PATH…, worker or status",
                ["init" or "worker" or "status"] or ["submit", ..] => null,
                var words => $"lab: unknown action '{string.Join(' ', words)}' (expected init, submit PATH…, worker or status)",
            };
            if (error is not null)
            {
                r.AddError(error);
            }
        });
        return action;
    }

    /// <summary>"csv" or "html" from the output file's extension, else null.</summary>
    public static string? ChronologyFormat(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".html" or ".htm" => "html",
        _ => null,
    };

    private static string? IsoDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)
            ? null
            : $"'{value}' is not a YYYY-MM-DD date";

    private static Argument<string[]> Paths(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The query is checked against the search grammar (ISO-8601 dates included) before the case is opened.</summary>
    private static Argument<string[]> Query()
    {
        var query = Paths("query", "The search query (one or more words).");
        query.Validators.Add(r =>
        {
            var text = string.Join(' ', r.GetValueOrDefault<string[]>() ?? []);
            if (!string.IsNullOrWhiteSpace(text) && Check(() => new QueryParser(CaseTimeZone.Default, PhoneRegion.Default).Parse(text)) is { } error)
            {
                r.AddError("search query: " + error);
            }
        });
        return query;
    }

    private static string? Check(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (Exception ex) when (ex is FormatException or QuerySyntaxException or ArgumentException)
        {
            return ex.Message;
        }
    }
}
