using System.Globalization;
using System.Security.Cryptography;
using EvidencePipe.Export;
using EvidencePipe.Reading;
using EvidencePipe.Store;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary><c>verify --case DIR|--store S --case NAME</c>: re-hash every source against the case manifest; exit 3 on any mismatch.</summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var json = cl.Flag("json");
        cl.Required("case");
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();
        // --store: a lab case (issue 20): its exhibit list from the lab store, each file re-hashed where it was ingested from.
        using var local = !lab ? Tool.OpenAudited(cl, create: false, stderr) : null;
        ICaseReader store = local is null ? LabTool.OpenCaseAudited(cl) : new SqliteCaseReader(local);
        var results = new List<(string Path, string Expected, string Status, string? Actual)>();
        // One open archive per zip, its central directory read once for all its entries.
        using var archives = new ZipArchives();
        foreach (var source in store.ReadSources().Where(s => s.Sha256.Length > 0))
        {
            string status;
            string? actual = null;
            try
            {
                await using var stream = new EvidenceSource(source.AbsolutePath, source.Path, source.Size, source.Sha256, source.Format ?? string.Empty)
                {
                    ContainerEntry = source.ContainerEntry,
                    Archives = archives,
                }.OpenRead();
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                status = actual == source.Sha256 ? "ok" : "mismatch";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                status = ex is FileNotFoundException or DirectoryNotFoundException ? "missing" : "unreadable";
            }

            results.Add((source.Path, source.Sha256, status, actual));
        }

        var failures = results.Count(r => r.Status != "ok");
        if (json)
        {
            await stdout.WriteLineAsync(EventJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("sources", results.Count);
                w.WriteNumber("failures", failures);
                w.WriteStartArray("results");
                foreach (var r in results)
                {
                    w.WriteStartObject();
                    w.WriteString("path", r.Path);
                    w.WriteString("status", r.Status);
                    w.WriteString("expected_sha256", r.Expected);
                    w.WriteString("actual_sha256", r.Actual);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            })).ConfigureAwait(false);
        }
        else
        {
            foreach (var r in results.Where(r => r.Status != "ok"))
            {
                await stdout.WriteLineAsync($"{r.Status.ToUpperInvariant()}: {r.Path} (manifest {r.Expected}, now {r.Actual ?? "-"})").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{results.Count - failures} of {results.Count} sources verified against the case manifest{(failures > 0 ? $"; {failures} FAILED" : string.Empty)}")).ConfigureAwait(false);
        }

        if (failures > 0)
        {
            await stderr.WriteLineAsync("evidencepipe: integrity failure").ConfigureAwait(false);
            return ExitCodes.Integrity;
        }

        return ExitCodes.Ok;
    }
}
