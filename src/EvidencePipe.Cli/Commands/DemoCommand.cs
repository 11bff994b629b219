using EvidencePipe.Application;
using EvidencePipe.Search;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>demo [--case DIR]</c>: ingests the bundled demo case (<see cref="DemoCase"/>), then prints the
/// ranked contacts, writes the HTML report and runs a phrase search — the whole flow in one command.
/// Each step is the library call its own command makes, audited as the command line that would repeat it.
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var caseDir = Path.GetFullPath(cl.Option("case") ?? DemoCase.DefaultCaseDirectory);
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();
        if (lab)
        {
            // The demo makes and shows a throwaway local case; a lab's cases are evidence, not a place to write a demo into.
            throw new UsageException("demo makes a local case only (--case DIR); to try the lab, lab submit the demo evidence (fixtures/demo) to a case and run contacts/report/search with --store");
        }

        var evidence = DemoCase.LocateEvidence(caseDir);
        await stdout.WriteLineAsync($"demo evidence: {evidence}").ConfigureAwait(false);
        var code = await IngestCommand.RunAsync(DemoCase.Ingest(evidence, caseDir), DemoCase.IngestAudit(evidence, caseDir, Tool.Version), json: false, quiet: false, stdout, stderr, cancellationToken).ConfigureAwait(false);
        if (code is not (ExitCodes.Ok or ExitCodes.Diagnostics))
        {
            return code;
        }

        await stdout.WriteLineAsync("\nranked contacts (evidencepipe contacts):").ConfigureAwait(false);
        ContactsCommand.Run(caseDir, DemoCase.ContactsAudit(caseDir, Tool.Version), [], null, null, json: false, DemoCase.ContactLimit, stdout, cancellationToken);
        var report = Path.Combine(caseDir, "report.html");
        await ReportCommand.RunAsync(caseDir, DemoCase.ReportAudit(caseDir, report, Tool.Version), report, [], null, null, stdout, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync("\nsearch \"outside your house\" (newest first):").ConfigureAwait(false);
        await stdout.WriteLineAsync().ConfigureAwait(false);
        SearchCommand.Run([caseDir], DemoCase.Query, DemoCase.SearchLimit, SearchSort.Time, json: false, DemoCase.SearchAudit(caseDir, Tool.Version), stdout, Console.Error, cancellationToken);
        await stdout.WriteLineAsync($"\nnext: evidencepipe search --case {caseDir} 'from:07700900666 regret'   |   evidencepipe export --case {caseDir} --format jsonl").ConfigureAwait(false);
        return code;
    }
}
