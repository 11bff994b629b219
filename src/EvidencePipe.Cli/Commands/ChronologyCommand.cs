using System.Text;
using EvidencePipe.Analysis.Chronology;
using EvidencePipe.Application;
using EvidencePipe.Reports;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>chronology --case DIR|--store S --case NAME --person P --out FILE.csv|FILE.html</c>: one row per occasion, with its exhibits.</summary>
internal static class ChronologyCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var outPath = Path.GetFullPath(cl.Required("out"));
        var format = CommandSpecs.ChronologyFormat(outPath)!;
        var query = cl.Required("person");
        var caseDir = cl.Required("case");
        var orderSpecs = cl.Options("order");
        var aliasesFile = cl.Option("aliases");
        var lexiconFile = cl.Option("lexicon");
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();
        // --store: a lab case (issue 20) read through the same interface, so the chronology is the same bytes.
        using var local = lab ? null : CaseAccess.OpenAudited(caseDir, create: false, Tool.Audit(cl));
        ICaseReader store = local is null ? LabTool.OpenCaseAudited(cl) : new SqliteCaseReader(local);
        var settings = CaseOptions.Read(store);
        var orders = CaseAnalysis.ParseOrders(orderSpecs);
        var aliases = CaseAnalysis.ReadAliases(aliasesFile, settings.Region);
        var result = CaseAnalysis.Run(store, settings, orders, aliases, CaseAnalysis.LoadLexicon(lexiconFile), keepOccasions: true, cancellationToken);
        var contact = ContactLookup.Find(result, query, settings.Region)
            ?? throw new UsageException($"--person '{query}': no such person in this case (contacts lists them, with their P-… ids)");
        var temp = outPath + ".partial";
        await using (var file = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
        {
            IReadOnlyList<Model.CommunicationEvent> Lookup(IEnumerable<string> ids) => store.EventsByIds(ids);
            if (format == "csv")
            {
                ChronologyWriter.WriteCsv(file, contact, Lookup);
            }
            else
            {
                ChronologyWriter.WriteHtml(file, store.CaseName, contact, Lookup, Tool.Version, settings.TimeZone);
            }
        }

        File.Move(temp, outPath, overwrite: true);
        await stdout.WriteLineAsync($"chronology: {contact.Occasions.Count} occasions of {contact.Person.Label} ({contact.Person.Id}) → {outPath}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
