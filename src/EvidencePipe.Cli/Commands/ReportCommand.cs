using System.Text;
using EvidencePipe.Export;
using EvidencePipe.Reports;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>report --case DIR --out FILE.html [--order SPEC]… [--aliases FILE]</c>: the self-contained HTML report.</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var outPath = Path.GetFullPath(cl.Required("out"));
        cl.Required("case");
        using var store = Tool.OpenAudited(cl, create: false);
        var settings = CaseOptions.Resolve(store, null, null, [], persist: false);
        var (orders, aliases) = CaseAnalysis.ReadOptions(cl, settings.Region);
        cl.RejectUnknown();
        var result = CaseAnalysis.Run(store, settings, orders, aliases, cancellationToken);
        await PartialFile.WriteAsync(outPath, temp => new StreamWriter(temp, append: false, new UTF8Encoding(false)),
            file => HtmlReport.Write(file, Path.GetFileName(store.Directory), result, ids => PersonQueries.EventsByIds(store, ids), Tool.Version, settings.TimeZone)).ConfigureAwait(false);
        await stdout.WriteLineAsync($"report: {outPath}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
