namespace EvidencePipe.Readers.Cdr;

/// <summary>A mapping bound to one file: every column as a 0-based position.</summary>
internal sealed class CdrLayout
{
    private readonly Dictionary<CdrColumn, int> _positions;

    private CdrLayout(CdrMapping mapping, Dictionary<CdrColumn, int> positions)
    {
        Mapping = mapping;
        _positions = positions;
        Width = positions.Count == 0 ? 0 : positions.Values.Max() + 1;
    }

    public CdrMapping Mapping { get; }

    /// <summary>Fields a row needs to hold every mapped column.</summary>
    public int Width { get; }

    /// <summary>Binds <paramref name="mapping"/> to a header (or, without one, to positions); lists missing header names.</summary>
    public static CdrLayout? Bind(CdrMapping mapping, IReadOnlyList<string>? header, out IReadOnlyList<string> missing)
    {
        var positions = new Dictionary<CdrColumn, int>();
        var absent = new List<string>();
        foreach (var column in mapping.Columns().Distinct())
        {
            if (column.Index is { } index)
            {
                positions[column] = index;
                continue;
            }

            var found = -1;
            for (var i = 0; header is not null && i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim().Trim('\uFEFF'), column.Name, StringComparison.OrdinalIgnoreCase))
                {
                    found = i;
                    break;
                }
            }

            if (found < 0)
            {
                absent.Add(column.Name!);
            }
            else
            {
                positions[column] = found;
            }
        }

        missing = absent;
        return absent.Count == 0 ? new CdrLayout(mapping, positions) : null;
    }

    /// <summary>The value of <paramref name="column"/> in <paramref name="row"/>; null when unmapped, empty or past the row's end.</summary>
    public string? Get(IReadOnlyList<string> row, CdrColumn? column)
    {
        if (column is null || !_positions.TryGetValue(column, out var at) || at >= row.Count)
        {
            return null;
        }

        var value = row[at];
        return value.Length == 0 ? null : value;
    }
}
