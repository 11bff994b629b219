namespace EvidencePipe.Model;

/// <summary>
/// An address-book entry (vCard and similar): a person's display name and the identifiers that
/// belong to them. Feeds person names for identifiers; not itself a communication.
/// </summary>
public sealed record ContactCard(string? Name, IReadOnlyList<string> Identifiers, SourceRef Source);
