using System.Globalization;
using EvidencePipe.Application.Lab;
using EvidencePipe.Export;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>links (--store S | --case DIR --case DIR …) [--json]</c> (issue 20): identifiers in two or more cases, with
/// each case's count, first and last seen and roles; service senders and short codes are left out (<see cref="CaseLinks.IsNoise"/>).
/// </summary>
internal static class LinksCommand
{
    public static int Run(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var json = cl.Flag("json");
        var storeOption = cl.Option("store");
        var caseDirs = cl.Options("case");
        cl.RejectUnknown();
        if ((storeOption is null) == (caseDirs.Count == 0) || (storeOption is null && caseDirs.Count < 2))
        {
            throw new UsageException("links: give --store S (every lab case) or --case DIR at least twice");
        }

        var stores = new List<CaseStore>();
        try
        {
            List<LinkedCaseInput> inputs;
            if (storeOption is not null)
            {
                var store = LabTool.Store(cl);
                LabTool.Audit(cl, store, null);
                inputs = [.. LabCase.All(store).Select(c => new LinkedCaseInput(c.Name, new PostgresCaseReader(store, c)))];
            }
            else
            {
                inputs = [];
                foreach (var dir in caseDirs)
                {
                    var store = Application.CaseAccess.OpenAudited(dir, create: false, Tool.Audit(cl));
                    stores.Add(store);
                    inputs.Add(new LinkedCaseInput(dir, new SqliteCaseReader(store)));
                }
            }

            var links = CaseLinks.Find(inputs, cancellationToken);
            stdout.WriteLine(json ? Json(links) : Human(links, inputs.Count));
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var s in stores)
            {
                s.Dispose();
            }
        }
    }

    private static string Json(IReadOnlyList<LinkedIdentifier> links) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("links");
        foreach (var l in links)
        {
            w.WriteStartObject();
            w.WriteString("identifier", l.Identifier);
            w.WriteStartArray("cases");
            foreach (var c in l.Cases)
            {
                w.WriteStartObject();
                w.WriteString("case", c.Case);
                w.WriteNumber("events", c.Events);
                w.WriteString("first", EventJson.Time(c.First));
                w.WriteString("last", EventJson.Time(c.Last));
                w.WriteStartArray("roles");
                foreach (var r in c.Roles)
                {
                    w.WriteStringValue(r);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Human(IReadOnlyList<LinkedIdentifier> links, int cases)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(string.Create(ci, $"{links.Count} identifiers in two or more of {cases} cases"));
        foreach (var l in links)
        {
            sb.AppendLine(l.Identifier);
            foreach (var c in l.Cases)
            {
                sb.AppendLine(string.Create(ci, $"  {c.Case}: {c.Events} events, {EventJson.Time(c.First)} – {EventJson.Time(c.Last)}, {string.Join('/', c.Roles)}"));
            }
        }

        return sb.ToString().TrimEnd();
    }
}
