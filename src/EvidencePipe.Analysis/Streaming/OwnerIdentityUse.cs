namespace EvidencePipe.Analysis.Streaming;

/// <summary>One of the owner's identifiers as used to contact a person on a suspect's device: its first use and how many contacts.</summary>
internal sealed record OwnerIdentityUse(string Identifier, long FirstMs, string FirstId, int Count);
