using System.Buffers;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Turns SBR address fields into identifiers and works out who is who. The device owner's own
/// number is normally absent from an SBR file, so it comes from the case settings when exactly one
/// owner identifier is known.
/// </summary>
internal static class SbrParties
{
    /// <summary>
    /// Group sends list several numbers in one <c>address</c>: SBR joins them with '~'
    /// (fixtures/sms_backup/sms_and_mms.xml line 133); other writers use ',' or ';'.
    /// </summary>
    private static readonly SearchValues<char> Separators = SearchValues.Create("~,;");

    /// <summary>
    /// The address field split into its numbers, in order (empty when absent): pieces between
    /// separators, trimmed (char.IsWhiteSpace), empty ones dropped. Worked on spans because it runs
    /// for every record and nearly every address is a single number.
    /// </summary>
    public static List<string> Split(string? address)
    {
        var result = new List<string>(1);
        if (address is null)
        {
            return result;
        }

        var rest = address.AsSpan();
        while (true)
        {
            var cut = rest.IndexOfAny(Separators);
            var piece = (cut < 0 ? rest : rest[..cut]).Trim();
            if (!piece.IsEmpty)
            {
                AddPiece(result, address, piece);
            }

            if (cut < 0)
            {
                return result;
            }

            rest = rest[(cut + 1)..];
        }
    }

    /// <summary>
    /// Spaces also separate numbers in some group sends ("+1555… +1555…"), but they are ordinary
    /// digit grouping in national numbers ("07700 900666"): a piece is split on white space only
    /// when it has several tokens and every one is a complete international number.
    /// </summary>
    private static void AddPiece(List<string> result, string address, ReadOnlySpan<char> piece)
    {
        var tokens = 0;
        var allInternational = true;
        foreach (var token in WhiteSpaceTokens(piece))
        {
            tokens++;
            allInternational &= token[0] == '+' && token.Length >= 8;
        }

        if (tokens > 1 && allInternational)
        {
            foreach (var token in WhiteSpaceTokens(piece))
            {
                result.Add(token.ToString());
            }
        }
        else
        {
            result.Add(piece.Length == address.Length ? address : piece.ToString());
        }
    }

    /// <summary>The non-empty runs between white-space characters (as <c>string.Split(null)</c> would give).</summary>
    private static WhiteSpaceTokenizer WhiteSpaceTokens(ReadOnlySpan<char> text) => new(text);

    /// <summary>The single owner identifier when the case names exactly one, else null.</summary>
    public static string? SingleOwner(ReadContext context) =>
        context.Settings.Owners.Count == 1 ? context.Settings.Owners.First() : null;

    public static IReadOnlyList<string> OwnerList(ReadContext context) =>
        SingleOwner(context) is { } owner ? [owner] : [];

    /// <summary>Identifiers for the given raw addresses, de-duplicated (ordinal), in order.</summary>
    public static List<string> Identify(IEnumerable<string> raw, SbrIdentifiers identifiers)
    {
        var result = new List<string>();
        foreach (var address in raw)
        {
            Add(result, identifiers.Identify(address));
        }

        return result;
    }

    /// <summary>As above for a list (the per-record SMS path), without an enumerator allocation.</summary>
    public static List<string> Identify(List<string> raw, SbrIdentifiers identifiers)
    {
        var result = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            Add(result, identifiers.Identify(raw[i]));
        }

        return result;
    }

    private static void Add(List<string> result, string? id)
    {
        // List<string>.Contains compares with the default (ordinal) string equality.
        if (id is not null && !result.Contains(id))
        {
            result.Add(id);
        }
    }

    /// <summary>
    /// Maps <c>contact_name</c> onto the address parts. For one address the whole name is taken
    /// (names may contain commas, "Smith, Jo"); for a group send SBR writes the names comma-separated
    /// in address order, so they are paired only when the counts agree.
    /// </summary>
    public static SortedDictionary<string, string> Names(IReadOnlyList<string> addressParts, string? contactName, SbrIdentifiers identifiers)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (contactName is null || addressParts.Count == 0)
        {
            return names;
        }

        if (addressParts.Count == 1)
        {
            if (identifiers.Identify(addressParts[0]) is { } id)
            {
                names[id] = contactName;
            }

            return names;
        }

        var parts = contactName.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != addressParts.Count)
        {
            return names;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length > 0 && parts[i] != "(Unknown)" && identifiers.Identify(addressParts[i]) is { } id)
            {
                names.TryAdd(id, parts[i]);
            }
        }

        return names;
    }

    /// <summary>Enumerates white-space separated tokens of a span without allocating.</summary>
    private ref struct WhiteSpaceTokenizer(ReadOnlySpan<char> text)
    {
        private ReadOnlySpan<char> _rest = text;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly WhiteSpaceTokenizer GetEnumerator() => this;

        public bool MoveNext()
        {
            var start = 0;
            while (start < _rest.Length && char.IsWhiteSpace(_rest[start]))
            {
                start++;
            }

            if (start == _rest.Length)
            {
                _rest = [];
                return false;
            }

            var end = start;
            while (end < _rest.Length && !char.IsWhiteSpace(_rest[end]))
            {
                end++;
            }

            Current = _rest[start..end];
            _rest = _rest[end..];
            return true;
        }
    }
}
