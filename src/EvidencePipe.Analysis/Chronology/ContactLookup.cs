using EvidencePipe.Identifiers;

namespace EvidencePipe.Analysis.Chronology;

/// <summary>Finds a ranked person by what an officer types: the person id (<c>P-…</c>), an identifier (a number, e-mail, <c>name:…</c>) or the display name.</summary>
public static class ContactLookup
{
    public static ContactReport? Find(AnalysisResult result, string query, PhoneRegion region)
    {
        var q = query.Trim();
        var identifier = Identifier.Parse(q, region);
        return result.Contacts.FirstOrDefault(c => c.Person.Id.Equals(q, StringComparison.OrdinalIgnoreCase))
            ?? result.Contacts.FirstOrDefault(c => identifier is not null && c.Person.Identifiers.Contains(identifier, StringComparer.Ordinal))
            ?? result.Contacts.FirstOrDefault(c => c.Person.Label.Equals(q, StringComparison.OrdinalIgnoreCase));
    }
}
