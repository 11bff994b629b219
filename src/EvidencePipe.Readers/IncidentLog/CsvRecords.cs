using System.Text;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>One CSV record: its fields, the line it starts on, and what was wrong with it.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Fields, long Line, string? Problem);

/// <summary>
/// Reads CSV records per RFC 4180 §2 — fields in double quotes may hold the delimiter, doubled quotes
/// and line breaks (a spreadsheet saves a multi-line cell that way) — streaming, with bounds: a field
/// longer than <see cref="MaxFieldChars"/> is cut, a record of more than <see cref="MaxFields"/> fields
/// is cut, and a quote left open runs at most <see cref="MaxFieldChars"/> characters before the record
/// is closed, so a hostile file cannot make one record swallow the rest of the file unseen.
/// </summary>
internal sealed class CsvRecords(TextReader reader, char delimiter)
{
    public const int MaxFieldChars = 64 * 1024;
    public const int MaxFields = 64;
    private long _line = 1;

    public CsvRecord? Next(CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var start = _line;
        var quoted = false;
        var fieldStart = true;
        string? problem = null;
        var any = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = reader.Read();
            if (read < 0)
            {
                if (!any)
                {
                    return null;
                }

                if (quoted)
                {
                    problem ??= "a quoted field is not closed before the end of the file";
                }

                Add();
                return new CsvRecord(fields, start, problem);
            }

            any = true;
            var c = (char)read;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    if (field.Length >= MaxFieldChars)
                    {
                        // An open quote that never closes: end the record here rather than read on.
                        problem ??= $"a quoted field runs past {MaxFieldChars} characters (a quote left open?); the record was closed there";
                        quoted = false;
                        SkipToLineEnd();
                        Add();
                        return new CsvRecord(fields, start, problem);
                    }

                    Append(c);
                }

                continue;
            }

            if (c == '"' && fieldStart)
            {
                quoted = true;
                fieldStart = false;
            }
            else if (c == delimiter)
            {
                Add();
            }
            else if (c == '\r')
            {
                // CRLF or a lone CR ends the record.
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }

                _line++;
                Add();
                return new CsvRecord(fields, start, problem);
            }
            else if (c == '\n')
            {
                _line++;
                Add();
                return new CsvRecord(fields, start, problem);
            }
            else
            {
                fieldStart = false;
                Append(c);
            }
        }

        void Append(char ch)
        {
            if (field.Length < MaxFieldChars)
            {
                field.Append(ch);
            }
            else
            {
                problem ??= $"a field longer than {MaxFieldChars} characters was cut";
            }
        }

        void Add()
        {
            if (fields.Count < MaxFields)
            {
                fields.Add(field.ToString().Trim());
            }
            else
            {
                problem ??= $"more than {MaxFields} fields; the rest were dropped";
            }

            field.Clear();
            fieldStart = true;
        }

        void SkipToLineEnd()
        {
            int next;
            while ((next = reader.Read()) >= 0 && next != '\n')
            {
            }

            _line++;
        }
    }
}
