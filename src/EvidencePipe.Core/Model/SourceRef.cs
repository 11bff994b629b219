namespace EvidencePipe.Model;

/// <summary>
/// Provenance of one record: the source file's SHA-256 (taken before parsing), its path relative to
/// the ingest root, the format that read it, and a locator a person can follow back into the file.
/// </summary>
public sealed record SourceRef(string Sha256, string Path, string Format, string Locator);
