using System.Text;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Splits one CSV line (RFC 4180 §2: fields optionally in double quotes, <c>""</c> for a quote
/// inside). Records spanning lines are not supported: operator CDR exports carry no line breaks in
/// fields, and a quote left open is reported by the caller rather than swallowing the lines after it.
/// </summary>
internal static class CdrCsv
{
    public static List<string> Split(string line, char delimiter, out bool unbalancedQuote)
    {
        var fields = new List<string>(12);
        var field = new StringBuilder();
        var quoted = false;
        var atStart = true;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
                atStart = true;
                continue;
            }
            else if (c == '"' && atStart && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else
            {
                field.Append(c);
            }

            atStart = false;
        }

        fields.Add(field.ToString().Trim());
        unbalancedQuote = quoted;
        return fields;
    }
}
