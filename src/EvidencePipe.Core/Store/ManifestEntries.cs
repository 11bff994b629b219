namespace EvidencePipe.Store;

/// <summary>
/// One source of a case's exhibit list (<see cref="ICaseReader.ReadSources"/>), as either engine records it: what
/// <c>manifest</c> lists and <c>verify</c> re-hashes.
/// </summary>
public sealed record ManifestSource(
    string Sha256, string Path, string AbsolutePath, long Size, string? Format, string Status,
    int RecordsRead, int RecordsRecovered, int RecordsSkipped, int Diagnostics)
{
    /// <summary>The entry name when the source is inside a zip at <see cref="AbsolutePath"/>.</summary>
    public string? ContainerEntry { get; init; }
}

/// <summary>One diagnostic of a source (<see cref="ICaseReader.ReadDiagnostics"/>).</summary>
public sealed record ManifestDiagnosticRow(string SourcePath, string SourceSha256, string Locator, string Severity, string Reason);
