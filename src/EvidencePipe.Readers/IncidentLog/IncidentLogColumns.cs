using System.Globalization;
using System.Text;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>What a column of the victim's incident log holds.</summary>
internal enum IncidentColumn
{
    None,
    Date,
    Time,
    What,
    Where,
    Witnesses,
    Effect,
    Who,
}

/// <summary>
/// Recognises the incident log's header row (the template in <c>fixtures/incident-log/</c>): a header
/// is read case-insensitively with punctuation ignored, and a heading may say more after the key
/// words ("Date (DD/MM/YYYY)", "What happened, in your own words"). The log is recognised when the
/// row has a date and a "what happened" column and at least two of the others, so a call-detail
/// record or any other dated CSV is never taken for it.
/// </summary>
internal static class IncidentLogColumns
{
    private static readonly (string Key, IncidentColumn Column)[] Headings =
    [
        ("what happened", IncidentColumn.What),
        ("how it affected me", IncidentColumn.Effect),
        ("how it affected you", IncidentColumn.Effect),
        ("witnesses", IncidentColumn.Witnesses),
        ("witness", IncidentColumn.Witnesses),
        ("where", IncidentColumn.Where),
        ("date", IncidentColumn.Date),
        ("time", IncidentColumn.Time),
        ("who", IncidentColumn.Who),
    ];

    /// <summary>The role of each header cell, or null when the row is not an incident log's header.</summary>
    public static IncidentColumn[]? Recognise(IReadOnlyList<string> header)
    {
        var roles = new IncidentColumn[header.Count];
        var seen = new HashSet<IncidentColumn>();
        for (var i = 0; i < header.Count; i++)
        {
            var role = Of(header[i]);
            if (role != IncidentColumn.None && seen.Add(role))
            {
                roles[i] = role;
            }
        }

        var others = seen.Count(r => r is not (IncidentColumn.Date or IncidentColumn.What));
        return seen.Contains(IncidentColumn.Date) && seen.Contains(IncidentColumn.What) && others >= 2 ? roles : null;
    }

    private static IncidentColumn Of(string heading)
    {
        var folded = Fold(heading);
        foreach (var (key, column) in Headings)
        {
            if (folded == key || folded.StartsWith(key + " ", StringComparison.Ordinal))
            {
                return column;
            }
        }

        return IncidentColumn.None;
    }

    /// <summary>Lower case, letters and digits only, single spaces (so "What happened?" is "what happened").</summary>
    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }

        return sb.ToString().TrimEnd();
    }
}
