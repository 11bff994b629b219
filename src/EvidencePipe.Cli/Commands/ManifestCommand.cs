using System.Globalization;
using System.Text;
using EvidencePipe.Export;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>manifest --case DIR|--store S --case NAME [--out FILE.csv] [--diagnostics FILE.csv]</c>: the exhibit list (every
/// source with its size, SHA-256, format, status and record counts) as CSV in path order, and
/// optionally every diagnostic (source, locator, severity, reason) — for the case file (issue 8). File names and
/// reasons come from the evidence, so cells are spreadsheet-safe unless <c>--csv-raw</c> (issue 19).
/// </summary>
internal static class ManifestCommand
{
    public static readonly string[] SourceHeader =
        ["path", "size", "sha256", "format", "status", "records_read", "records_recovered", "records_skipped", "diagnostics"];

    public static readonly string[] DiagnosticHeader = ["source_path", "source_sha256", "locator", "severity", "reason"];

    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, CancellationToken cancellationToken)
    {
        var outPath = cl.Option("out");
        var diagnosticsPath = cl.Option("diagnostics");
        var text = cl.Flag("csv-raw") ? CsvText.Raw : CsvText.SpreadsheetSafe;
        cl.Required("case");
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();

        // --store: a lab case (issue 20), read through the same interface, so the manifest is the same bytes.
        using var local = !lab ? Tool.OpenAudited(cl, create: false) : null;
        ICaseReader store = local is null ? LabTool.OpenCaseAudited(cl) : new SqliteCaseReader(local);
        if (outPath is null)
        {
            WriteSources(store, text, stdout);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteAtomicallyAsync(outPath, w => WriteSources(store, text, w)).ConfigureAwait(false);
        }

        if (diagnosticsPath is not null)
        {
            await WriteAtomicallyAsync(diagnosticsPath, w => WriteDiagnostics(store, text, w, cancellationToken)).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static void WriteSources(ICaseReader store, CsvText text, TextWriter writer)
    {
        var ci = CultureInfo.InvariantCulture;
        Rfc4180.WriteRow(writer, SourceHeader);
        foreach (var s in store.ReadSources())
        {
            Rfc4180.WriteRow(writer, text,
                s.Path, s.Size.ToString(ci), s.Sha256, s.Format, s.Status, s.RecordsRead.ToString(ci), s.RecordsRecovered.ToString(ci),
                s.RecordsSkipped.ToString(ci), s.Diagnostics.ToString(ci));
        }
    }

    private static void WriteDiagnostics(ICaseReader store, CsvText text, TextWriter writer, CancellationToken cancellationToken)
    {
        Rfc4180.WriteRow(writer, DiagnosticHeader);
        foreach (var d in store.ReadDiagnostics(cancellationToken))
        {
            Rfc4180.WriteRow(writer, text, d.SourcePath, d.SourceSha256, d.Locator, d.Severity, d.Reason);
        }
    }

    /// <summary>Written beside the target and moved into place, so nobody ever sees half a manifest.</summary>
    private static async Task WriteAtomicallyAsync(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        await PartialFile.WriteAsync(full, temp => new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 16), write).ConfigureAwait(false);
    }
}
