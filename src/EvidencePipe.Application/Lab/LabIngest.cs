using EvidencePipe.Analysis;
using EvidencePipe.Identifiers;
using EvidencePipe.Pipeline;
using EvidencePipe.Readers;
using EvidencePipe.Reading;
using EvidencePipe.Store.Postgres;

namespace EvidencePipe.Application.Lab;

/// <summary>What <c>lab submit</c> and <c>ingest --store</c> are asked to do for a lab case.</summary>
public sealed record LabIngestRequest(StoreConnection Store, string CaseName, IReadOnlyList<string> Paths)
{
    public string? TimeZone { get; init; }

    public string? Region { get; init; }

    public IReadOnlyList<string> Owners { get; init; } = [];

    public string? Perspective { get; init; }

    public int Workers { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Ingest into the lab store (issue 20): planning the jobs of a submission, running one job, and a whole
/// ingest in one process (<c>ingest --store</c>). Every path goes through the same <see cref="IngestPipeline"/>
/// and reader catalog as a local case; only the writer differs (<see cref="PostgresCaseWriter"/>).
/// </summary>
public static class LabIngest
{
    /// <summary>
    /// Creates the case if new and records its settings (<c>--tz --region --owner --perspective</c>, resolved as a
    /// local case resolves them: fixed for the case's life). Returns the case.
    /// </summary>
    public static LabCase OpenCase(LabIngestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var labCase = LabCase.Open(request.Store, request.CaseName, create: true);
        CaseOptions.Resolve(labCase.GetMeta, labCase.SetMeta, request.TimeZone, request.Region, request.Owners, persist: true);
        labCase.SetMeta(CaseMetaKeys.PhoneNormaliser, PhoneNormalizer.Name);
        if (request.Perspective is { } perspective)
        {
            var canonical = Perspectives.Name(Perspectives.Parse(perspective) ?? throw new CaseOptionException($"--perspective must be victim or suspect, not '{perspective}'"));
            if (labCase.GetMeta(CaseMetaKeys.Perspective) is { } stored && stored != canonical)
            {
                throw new CaseOptionException($"this case uses --perspective {stored}; it cannot be ingested with --perspective {canonical}");
            }

            labCase.SetMeta(CaseMetaKeys.Perspective, canonical);
        }

        return labCase;
    }

    /// <summary>
    /// The jobs for the paths: one per file, each recording the path a local ingest of the same roots gives it
    /// (relative to its root), so the lab case and a local case of the same inputs are the same. A folder whose
    /// files an index names (an iOS backup, <see cref="IFolderLayout"/>) is one job, read whole, since its files'
    /// names come from the index. A path that does not exist is a usage error.
    /// </summary>
    public static IReadOnlyList<LabJobSpec> Plan(IReadOnlyList<string> paths, FormatRegistry registry, Action<string, string> onError)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(registry);
        var jobs = new List<LabJobSpec>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                jobs.Add(new LabJobSpec(full, Path.GetFileName(full), string.Empty, new FileInfo(full).Length));
                continue;
            }

            if (!Directory.Exists(full))
            {
                throw new CaseOptionException($"'{path}' does not exist");
            }

            var files = SourceDiscovery.Walk([full], [], onError, registry.FolderLayouts).ToList();
            if (files.Any(f => f.RelativePath.Contains(SourceDiscovery.LogicalNameSeparator, StringComparison.Ordinal)))
            {
                jobs.Add(new LabJobSpec(full, Path.GetFileName(Path.TrimEndingDirectorySeparator(full)) + "/", string.Empty, files.Sum(f => SizeOf(f.AbsolutePath))));
                continue;
            }

            foreach (var f in files)
            {
                var slash = f.RelativePath.LastIndexOf('/');
                jobs.Add(new LabJobSpec(f.AbsolutePath, f.RelativePath, slash < 0 ? string.Empty : f.RelativePath[..(slash + 1)], SizeOf(f.AbsolutePath)));
            }
        }

        return jobs;
    }

    /// <summary>Runs one leased job: the pipeline over its path into its case, with the case's settings.</summary>
    public static async Task<IngestResult> RunJobAsync(StoreConnection store, LeasedJob job, FormatRegistry registry, int parseWorkers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var labCase = LabCase.Open(store, job.CaseId);
        return await RunAsync(store, labCase, [job.AbsolutePath], job.PathPrefix, registry, parseWorkers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one leased job and writes the events it stored into <paramref name="index"/> as each batch commits.</summary>
    public static async Task<IngestResult> RunJobAsync(StoreConnection store, LeasedJob job, FormatRegistry registry, int parseWorkers, LabJobIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(index);
        var labCase = LabCase.Open(store, job.CaseId);
        return await RunAsync(store, labCase, [job.AbsolutePath], job.PathPrefix, registry, parseWorkers, cancellationToken, index.Add).ConfigureAwait(false);
    }

    /// <summary><c>ingest --store</c>: the whole ingest in this process (no queue).</summary>
    public static async Task<IngestResult> IngestAsync(LabIngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var path in request.Paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CaseOptionException($"'{path}' does not exist");
            }
        }

        var labCase = OpenCase(request);
        return await RunAsync(request.Store, labCase, request.Paths, string.Empty, ReaderCatalog.CreateRegistry(), request.Workers, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IngestResult> RunAsync(
        StoreConnection store, LabCase labCase, IReadOnlyList<string> roots, string prefix, FormatRegistry registry, int parseWorkers, CancellationToken cancellationToken,
        Action<IReadOnlyList<(long Seq, Model.CommunicationEvent Event)>>? stored = null)
    {
        var settings = CaseOptions.Resolve(labCase.GetMeta, labCase.SetMeta, null, null, [], persist: false);
        var writer = await PostgresCaseWriter.OpenAsync(store, labCase.Id, prefix, cancellationToken, stored: stored).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var pipeline = new IngestPipeline(registry, writer, writer, new IngestOptions(settings) { Workers = parseWorkers });
            return await pipeline.RunAsync(roots, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
