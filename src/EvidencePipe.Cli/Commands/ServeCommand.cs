using System.Runtime.InteropServices;
using EvidencePipe.Application;
using EvidencePipe.Web;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>serve --case DIR… [--listen 127.0.0.1:PORT] [--users FILE] [--order SPEC]… [--aliases FILE] [--lexicon FILE]</c>,
/// or <c>serve --store S --case NAME… [--index-root DIR] …</c> over a lab's cases (issue 21: a read-only login only):
/// the investigator's web page and its JSON API (EvidencePipe.Web) until Ctrl+C or SIGTERM; the analysis options are
/// those of <c>contacts</c>, applied to every case served. The API answers with this CLI's own <c>search --json</c> and
/// <c>contacts --json</c> writers, so the two never drift apart.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var storeOption = cl.Option("store");
        var cases = storeOption is null ? CaseSearch.CaseDirectories(cl.Options("case")) : cl.Options("case").Distinct(StringComparer.Ordinal).ToList();
        var indexRoot = cl.Option("index-root");
        var listen = cl.Option("listen") is { } l ? ListenAddress.Parse(l) : ListenAddress.Default;
        var usersFile = cl.Option("users");
        var contacts = new ContactOptions(cl.Options("order"), cl.Option("aliases"), cl.Option("lexicon"));
        cl.RejectUnknown();

        if (storeOption is null && indexRoot is not null)
        {
            throw new UsageException("--index-root is for a lab store: give --store too");
        }

        var options = new WebOptions(cases, listen, usersFile is null ? null : UserFile.Load(usersFile), Tool.Version, Json)
        {
            Contacts = contacts,
            Store = storeOption is null ? null : LabTool.Store(cl),
            IndexRoot = indexRoot,
        };
        WebServer.Check(options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        await using var server = await WebServer.StartAsync(options, m => stderr.WriteLine("evidencepipe: " + m), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"serving {cases.Count} case(s) at {server.Address} (read-only; {(options.Users is null ? "this machine only" : $"{options.Users.Count} users")}); Ctrl+C stops").ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: a clean exit.
        }

        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The CLI's own JSON writers, for the API.</summary>
    public static WebJson Json { get; } = new(SearchCommand.Json, (result, tracking) => ContactsCommand.Json(result, int.MaxValue, tracking: tracking, showPlaces: tracking is { Places.Count: > 0 }));
}
