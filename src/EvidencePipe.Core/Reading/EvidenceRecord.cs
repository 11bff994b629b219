using EvidencePipe.Model;

namespace EvidencePipe.Reading;

/// <summary>What a reader yields: a communication event or an address-book card.</summary>
public abstract record EvidenceRecord;

public sealed record EventRecord(CommunicationEvent Event) : EvidenceRecord;

public sealed record ContactRecord(ContactCard Card) : EvidenceRecord;
