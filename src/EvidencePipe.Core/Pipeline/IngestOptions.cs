using EvidencePipe.Reading;

namespace EvidencePipe.Pipeline;

/// <summary>Resolved ingest configuration.</summary>
public sealed record IngestOptions(CaseSettings Settings)
{
    /// <summary>Parse workers (default: one per core).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Records per store transaction.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>Records a parse worker hands over at once.</summary>
    public int ChunkSize { get; init; } = 512;

    /// <summary>Directories never walked (the case directory itself, when it sits under an input root).</summary>
    public IReadOnlyList<string> ExcludedDirectories { get; init; } = [];

    /// <summary>What a zip container may expand to.</summary>
    public ContainerLimits ContainerLimits { get; init; } = new();
}
