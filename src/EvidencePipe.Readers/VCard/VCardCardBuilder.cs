using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Collects one card's name and identifiers. Name: FN (RFC 6350 §6.2.1), else given + family from
/// N (§6.2.2), else the organisation name from ORG (§6.6.4), else null. Identifiers: every TEL, EMAIL,
/// IMPP and vendor IM property, de-duplicated, in file order.
/// </summary>
internal sealed class VCardCardBuilder
{
    private readonly ReadContext _context;
    private readonly List<string> _identifiers = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _repairs = [];
    private string? _formattedName;
    private string? _structuredName;
    private string? _organisation;

    public VCardCardBuilder(ReadContext context, int ordinal, int lineNumber)
    {
        _context = context;
        Locator = $"vcard[{ordinal}] line {lineNumber}";
    }

    /// <summary><c>vcard[i] line L</c>: the card's ordinal in the file and the line of its BEGIN:VCARD.</summary>
    public string Locator { get; }

    public void Add(ContentLine line)
    {
        var name = line.Name!;
        if (!line.ValueKept || name is "BEGIN" or "END" or "VERSION" or "AGENT")
        {
            return;
        }

        if (line.Truncated && name is not ("FN" or "N" or "ORG"))
        {
            // A cut-off number or address would be a wrong identifier: leave it out, on record.
            _repairs.Add($"{name} at line {line.LineNumber} is longer than {ContentLineReader.MaxLogicalBytes} bytes; left out");
            return;
        }

        if (line.Truncated)
        {
            _repairs.Add($"{name} at line {line.LineNumber} is longer than {ContentLineReader.MaxLogicalBytes} bytes; only its start was read");
        }

        var text = VCardValueDecoder.Decode(line, out var problem);
        if (problem is not null)
        {
            _context.Note($"line {line.LineNumber}", $"{name}: {problem}");
        }

        switch (name)
        {
            case "FN":
                _formattedName ??= NonEmpty(VCardText.Unescape(text));
                break;
            case "N":
                _structuredName ??= ComposeName(VCardText.SplitStructured(text));
                break;
            case "ORG":
                _organisation ??= VCardText.SplitStructured(text).Select(NonEmpty).FirstOrDefault(p => p is not null);
                break;
            case "TEL" or "X-MS-TEL":
                AddIdentifier(Telephone(VCardText.Unescape(text)));
                break;
            case "EMAIL":
                AddIdentifier(Email(VCardText.Unescape(text)));
                break;
            case "IMPP":
                AddIdentifier(ImHandle.FromImpp(VCardText.Unescape(text)));
                break;
            default:
                if (VCardProperties.ImServices.TryGetValue(name, out var service))
                {
                    AddIdentifier(ImHandle.FromVendorProperty(service, VCardText.Unescape(text)));
                }

                break;
        }
    }

    /// <summary>The finished card; anything that had to be repaired is put on record against it.</summary>
    public ContactCard Build(string? unterminatedReason)
    {
        if (unterminatedReason is not null)
        {
            _repairs.Insert(0, unterminatedReason);
        }

        if (_repairs.Count > 0)
        {
            _context.RecoveredRecord(Locator, string.Join("; ", _repairs));
        }

        var name = _formattedName ?? _structuredName ?? _organisation;
        return new ContactCard(name, _identifiers.ToArray(), _context.Locate(Locator));
    }

    private void AddIdentifier(string? identifier)
    {
        if (identifier is not null && _seen.Add(identifier))
        {
            _identifiers.Add(identifier);
        }
    }

    /// <summary>
    /// A TEL value is text in 2.1/3.0 and usually a <c>tel:</c> URI in 4.0 (RFC 6350 §6.4.1, RFC 3966),
    /// e.g. <c>tel:+1-418-656-9254;ext=102</c>; the URI's parameters (extension) are not part of the number.
    /// </summary>
    private string? Telephone(string value)
    {
        var number = value.Trim();
        if (number.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            number = number[4..];
            var semicolon = number.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                number = number[..semicolon];
            }
        }
        else if (number.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            return number.Length > 4 ? Identifier.ForHandle("sip", number[4..]) : null;
        }

        return _context.Identify(number);
    }

    private static string? Email(string value)
    {
        var address = value.Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            address = address[7..];
        }

        return address.Length == 0 ? null : Identifier.ForEmail(address);
    }

    /// <summary>N is family;given;additional;prefixes;suffixes (RFC 6350 §6.2.2; vCard 2.1, N property).</summary>
    private static string? ComposeName(List<string> parts)
    {
        var family = parts.Count > 0 ? parts[0].Trim() : string.Empty;
        var given = parts.Count > 1 ? parts[1].Trim() : string.Empty;
        return NonEmpty(string.Join(' ', new[] { given, family }.Where(p => p.Length > 0)));
    }

    private static string? NonEmpty(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}
