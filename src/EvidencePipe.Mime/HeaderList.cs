namespace EvidencePipe.Mime;

/// <summary>
/// One header field (RFC 5322 §2.2): its name as written, and its value unfolded (CRLF before
/// whitespace removed, §2.2.3) but not yet decoded (encoded words stay as written).
/// </summary>
public sealed record HeaderField(string Name, string Value, long Offset);

/// <summary>
/// The header fields of an entity in their original order. Duplicates are kept (obsolete syntax,
/// RFC 5322 §4.5, allows them and forensic readers must see them); lookups return the first, as
/// the RFC 5322 §3.6 "at most once" fields are read by most clients.
/// </summary>
public sealed class HeaderList
{
    private readonly List<HeaderField> _fields = [];

    public IReadOnlyList<HeaderField> Fields => _fields;

    public int Count => _fields.Count;

    public void Add(HeaderField field) => _fields.Add(field);

    /// <summary>The first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name] => First(name)?.Value;

    public HeaderField? First(string name)
    {
        foreach (var field in _fields)
        {
            if (field.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }

    public IEnumerable<HeaderField> All(string name) => _fields.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
