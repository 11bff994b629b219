using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EvidencePipe.Application;
using EvidencePipe.Pipeline;
using EvidencePipe.Synthesis;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// A case built the way <c>evidencepipe synth</c> + <c>evidencepipe ingest</c> build one (CaseSynthesizer,
/// then the application layer's <see cref="CaseIngest"/>, the call the CLI makes), for benchmarks that
/// need a populated case (search, analysis).
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs every benchmark case in its own process and each runs GlobalSetup, so a
/// 1M-event case (about a minute to build on 2 cores) is built once and kept under the temp directory.
/// The cache key is a hash of the source of every project that decides what the case holds (synthesizer,
/// pipeline, readers, MIME, store), so a changed schema or reader never benchmarks a stale case. Not the
/// assemblies' module version ids: BenchmarkDotNet rebuilds them per run, with new ids for the same code.
/// Remove old cases with <c>rm -rf /tmp/ep-bench-case-*</c>.
/// </remarks>
internal static class SyntheticCase
{
    /// <summary>The seed scripts/bench.sh passes to <c>synth</c>, so benchmark and script cases match.</summary>
    public const ulong Seed = 7;

    /// <summary>The case directory for <paramref name="events"/> synthetic events, building it on first use.</summary>
    public static string Get(int events)
    {
        var root = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"ep-bench-case-{events}-{Fingerprint()}"));
        var caseDir = Path.Combine(root, "case");
        var complete = Path.Combine(root, "complete");
        if (File.Exists(complete))
        {
            return caseDir;
        }

        // A build killed half way leaves no marker: start again rather than benchmark a partial case.
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var input = Path.Combine(root, "input");
        var synth = new CaseSynthesizer(Seed).Write(input, events);
        var result = Ingest(input, caseDir);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// built case {caseDir}: {synth.Events} events synthesised, {result.EventsRead} read in {result.Elapsed.TotalSeconds:0.0} s"));

        // The sources are not needed once indexed (search and analysis read the case); at 1M events they are ~180 MB.
        Directory.Delete(input, recursive: true);
        File.WriteAllText(complete, result.EventsRead.ToString(CultureInfo.InvariantCulture));
        return caseDir;
    }

    /// <summary>
    /// Ingests <paramref name="input"/> into <paramref name="caseDir"/> through the same library call as
    /// <c>evidencepipe ingest</c> (<see cref="CaseIngest"/>: default settings recorded in the case, one
    /// worker per core, the full-text index fed beside the store).
    /// </summary>
    public static IngestResult Ingest(string input, string caseDir)
    {
        var audit = new CommandAudit("ingest", [input, "--case", caseDir], "benchmarks");
        using var ingest = CaseIngest.Open(new IngestRequest(caseDir, [input]), audit, _ => { }, CancellationToken.None);

        // GlobalSetup is synchronous; nothing here has a synchronisation context to deadlock on.
        return ingest.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private static string Fingerprint()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var project in new[] { "EvidencePipe.Core", "EvidencePipe.Readers", "EvidencePipe.Store.Sqlite", "EvidencePipe.Index.Lucene", "EvidencePipe.Application", "EvidencePipe.Synthesis" })
        {
            var root = Path.Combine(src, project);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
                .Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(src, file) + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    /// <summary>The repository root (where EvidencePipe.sln is), found upwards from the binary.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EvidencePipe.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EvidencePipe.sln not found above " + AppContext.BaseDirectory);
    }
}
