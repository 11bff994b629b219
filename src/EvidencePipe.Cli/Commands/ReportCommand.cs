using System.Text;
using EvidencePipe.Application;
using EvidencePipe.Export;
using EvidencePipe.Reports;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>report --case DIR|--store S --case NAME --out FILE.html [--order SPEC]… [--aliases FILE] [--since-last]</c>: the self-contained HTML report.</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var outPath = Path.GetFullPath(cl.Required("out"));
        var caseDir = cl.Required("case");
        var orders = cl.Options("order");
        var aliases = cl.Option("aliases");
        var lexicon = cl.Option("lexicon");
        var sinceLast = cl.Flag("since-last");
        var places = cl.Options("place");
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();
        if (!lab)
        {
            return await RunAsync(caseDir, Tool.Audit(cl), outPath, orders, aliases, lexicon, stdout, cancellationToken, sinceLast, places).ConfigureAwait(false);
        }

        // --store: a lab case (issue 20) read through the same interface, so the report is the same bytes.
        var parsedPlaces = CaseAnalysis.ParsePlaces(places);
        return await RunAsync(LabTool.OpenCaseAudited(cl), cl.Command, parsedPlaces, outPath, orders, aliases, lexicon, stdout, sinceLast, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Analyses the case (audited as <paramref name="audit"/>) and writes the report to <paramref name="outPath"/>;
    /// with <paramref name="sinceLast"/> the report gains the section of what changed since the previous
    /// snapshot (the same comparison as <c>contacts --since-last</c>). Without it the report is the same
    /// bytes for the same case, so it stays opt-in.
    /// </summary>
    public static async Task<int> RunAsync(string caseDir, CommandAudit audit, string outPath, IReadOnlyList<string> orderSpecs, string? aliasesFile, string? lexiconFile, TextWriter stdout, CancellationToken cancellationToken, bool sinceLast = false, IReadOnlyList<string>? placeSpecs = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var places = CaseAnalysis.ParsePlaces(placeSpecs ?? []);
        using var local = CaseAccess.OpenAudited(caseDir, create: false, audit);
        return await RunAsync(new SqliteCaseReader(local), audit.Command, places, outPath, orderSpecs, aliasesFile, lexiconFile, stdout, sinceLast, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Analyses an opened (and already audited) case of either engine and writes its report.</summary>
    private static async Task<int> RunAsync(ICaseReader store, string command, IReadOnlyList<Analysis.Tracking.Place> places, string outPath, IReadOnlyList<string> orderSpecs, string? aliasesFile, string? lexiconFile, TextWriter stdout, bool sinceLast, CancellationToken cancellationToken)
    {
        var settings = CaseOptions.Read(store);
        var orders = CaseAnalysis.ParseOrders(orderSpecs);
        var aliases = CaseAnalysis.ReadAliases(aliasesFile, settings.Region);
        var result = CaseAnalysis.Run(store, settings, orders, aliases, CaseAnalysis.LoadLexicon(lexiconFile), cancellationToken);
        var changes = CaseAnalysis.Snapshot(store, result, command, compare: sinceLast, cancellationToken);
        var tracking = CaseAnalysis.Tracking(store, places, cancellationToken);
        await PartialFile.WriteAsync(outPath, temp => new StreamWriter(temp, append: false, new UTF8Encoding(false)),
            file => HtmlReport.Write(file, store.CaseName, result, store.EventsByIds, Tool.Version, settings.TimeZone, changes, tracking)).ConfigureAwait(false);
        await stdout.WriteLineAsync($"report: {outPath}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
