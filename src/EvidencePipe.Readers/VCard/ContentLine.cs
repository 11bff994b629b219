namespace EvidencePipe.Readers.VCard;

/// <summary>
/// One unfolded content line, <c>[group "."] name *(";" param) ":" value</c> (RFC 6350 §3.3).
/// <see cref="Value"/> holds the raw, still-encoded bytes; it is empty when the property is one this
/// reader does not need (a photo, a note), whose bytes are skipped rather than kept.
/// </summary>
internal sealed record ContentLine(
    int LineNumber,
    string? Name,
    VCardParameters Parameters,
    byte[] Value,
    bool ValueKept,
    bool Truncated)
{
    /// <summary>A line that is not <c>name:value</c> at all (garbage, or a broken header).</summary>
    public bool IsMalformed => Name is null;

    public bool IsNamed(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for <c>BEGIN:VCARD</c> / <c>END:VCARD</c> (<paramref name="keyword"/> = BEGIN or END).</summary>
    public bool Is(string keyword) =>
        IsNamed(keyword) && ValueKept && VCardText.IsAsciiKeyword(Value, "VCARD");
}
