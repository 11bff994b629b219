namespace EvidencePipe.Readers.AndroidPackages;

/// <summary>A start tag: its name, its depth (the root is 0), its attributes as text and the byte offset or line where it starts.</summary>
internal sealed record XmlTag(string Name, int Depth, IReadOnlyDictionary<string, string> Attributes, string Where);
