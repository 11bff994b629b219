namespace EvidencePipe.Model;

/// <summary>An attachment carried by a message: hashed, never indexed as text.</summary>
public sealed record Attachment(string? Name, string? MediaType, long Size, string? Sha256);

/// <summary>A WGS-84 position.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude);
