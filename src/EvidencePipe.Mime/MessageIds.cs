namespace EvidencePipe.Mime;

/// <summary>
/// Message identifiers (RFC 5322 §3.6.4 msg-id): <c>Message-ID</c>, <c>In-Reply-To</c> and
/// <c>References</c>. Angle-bracketed ids are taken in order; a header with none (obsolete or broken
/// mailers) yields its whitespace-separated words. Ids are returned without brackets.
/// </summary>
public static class MessageIds
{
    public static IReadOnlyList<string> Parse(string? value)
    {
        var ids = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return ids;
        }

        var pos = 0;
        while (pos < value.Length)
        {
            var open = value.IndexOf('<', pos);
            if (open < 0)
            {
                break;
            }

            var close = value.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            var id = value[(open + 1)..close].Trim();
            if (id.Length > 0)
            {
                ids.Add(id);
            }

            pos = close + 1;
        }

        if (ids.Count == 0)
        {
            ids.AddRange(value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries));
        }

        return ids;
    }
}
