using System.Text.Json;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// How to read one operator's call-detail-record CSV layout: delimiter, header, which column holds
/// what, how times are written and which values mean what. Parties are given either as
/// <see cref="Caller"/> and <see cref="Callee"/> (A-party/B-party, as most operator returns are laid
/// out), or as <see cref="Correspondent"/> plus <see cref="Direction"/> relative to the subscriber
/// whose records these are (<see cref="Subject"/>, or the case's single <c>--owner</c>).
/// Loaded from a small JSON file (<c>--cdr-map FILE</c>, see Cdr/README.md) or built in
/// (<see cref="CdrMappings"/>).
/// </summary>
public sealed record CdrMapping
{
    public required string Name { get; init; }

    /// <summary>One character; <c>"\t"</c> for tab-separated files.</summary>
    public string Delimiter { get; init; } = ",";

    public bool HasHeader { get; init; } = true;

    public CdrColumn? Subject { get; init; }

    public CdrColumn? Caller { get; init; }

    public CdrColumn? Callee { get; init; }

    public CdrColumn? Correspondent { get; init; }

    public CdrColumn? Direction { get; init; }

    public required CdrColumn Start { get; init; }

    /// <summary>.NET exact formats (<c>yyyy-MM-dd HH:mm:ss</c>), or <c>unix</c> / <c>unix-ms</c> for epoch counts.</summary>
    public IReadOnlyList<string> StartFormats { get; init; } = ["yyyy-MM-dd HH:mm:ss"];

    /// <summary>IANA zone the operator wrote local times in; null means the case zone (<c>--tz</c>).</summary>
    public string? TimeZone { get; init; }

    /// <summary>A fixed UTC offset the times are in (<c>+00:00</c> for UTC); wins over <see cref="TimeZone"/>.</summary>
    public string? UtcOffset { get; init; }

    public CdrColumn? Duration { get; init; }

    public CdrColumn? Type { get; init; }

    public CdrColumn? Cell { get; init; }

    public CdrColumn? Latitude { get; init; }

    public CdrColumn? Longitude { get; init; }

    /// <summary>Raw direction value → <c>incoming</c> / <c>outgoing</c> (compared ignoring case).</summary>
    public IReadOnlyDictionary<string, string> DirectionValues { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["in"] = "incoming", ["incoming"] = "incoming", ["mtc"] = "incoming",
        ["out"] = "outgoing", ["outgoing"] = "outgoing", ["moc"] = "outgoing",
    };

    /// <summary>Raw type value → <c>call</c>, <c>sms</c> or <c>mms</c> (compared ignoring case).</summary>
    public IReadOnlyDictionary<string, string> TypeValues { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["call"] = "call", ["voice"] = "call", ["sms"] = "sms", ["text"] = "sms", ["mms"] = "mms",
    };

    /// <summary>A cell-site table beside the CDR that turns <see cref="Cell"/> values into positions.</summary>
    public CdrAntennaTable? Antennas { get; init; }

    internal char DelimiterChar => Delimiter[0];

    /// <summary>Reads a mapping file; a relative antenna table path is taken relative to the CDR being read.</summary>
    /// <exception cref="FormatException">The file is not a valid mapping; the message says what is wrong.</exception>
    public static CdrMapping Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    public static CdrMapping Parse(Stream json, string sourceName)
    {
        CdrMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize(json, CdrMappingJson.Default.CdrMappingFile)?.ToMapping();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{sourceName}: not a CDR mapping: {ex.Message}", ex);
        }

        if (mapping is null)
        {
            throw new FormatException($"{sourceName}: empty CDR mapping");
        }

        var problem = mapping.Problem();
        return problem is null ? mapping.WithCaseInsensitiveValues() : throw new FormatException($"{sourceName}: {problem}");
    }

    /// <summary>What makes the mapping unusable, or null.</summary>
    public string? Problem()
    {
        if (Delimiter.Length != 1)
        {
            return $"delimiter must be one character, not '{Delimiter}'";
        }

        // CsvHelper splits on an ASCII separator other than the quote and line breaks.
        if (!char.IsAscii(Delimiter[0]) || Delimiter[0] is '"' or '\r' or '\n')
        {
            return $"delimiter must be an ASCII character other than a quote or a line break, not '{Delimiter}'";
        }

        if ((Caller is null) != (Callee is null))
        {
            return "caller and callee go together";
        }

        if (Caller is null && Correspondent is null)
        {
            return "give caller and callee, or correspondent (with direction)";
        }

        if ((Latitude is null) != (Longitude is null))
        {
            return "latitude and longitude go together";
        }

        if (!HasHeader && Columns().Any(c => c.Index is null))
        {
            return "a file without a header needs column positions (numbers), not names";
        }

        if (StartFormats.Count == 0)
        {
            return "startFormats is empty";
        }

        if (UtcOffset is not null && !TimeSpan.TryParse(UtcOffset.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return $"utcOffset '{UtcOffset}' is not like +01:00";
        }

        if (TimeZone is not null && !Time.CaseTimeZone.IsKnown(TimeZone))
        {
            return $"unknown time zone '{TimeZone}'";
        }

        if (DirectionValues.Values.Any(v => v is not ("incoming" or "outgoing")))
        {
            return "directionValues map to 'incoming' or 'outgoing'";
        }

        return TypeValues.Values.Any(v => v is not ("call" or "sms" or "mms")) ? "typeValues map to 'call', 'sms' or 'mms'" : null;
    }

    /// <summary>Every column the mapping uses.</summary>
    public IEnumerable<CdrColumn> Columns() =>
        new[] { Subject, Caller, Callee, Correspondent, Direction, Start, Duration, Type, Cell, Latitude, Longitude }.OfType<CdrColumn>();

    private CdrMapping WithCaseInsensitiveValues() => this with
    {
        DirectionValues = new Dictionary<string, string>(DirectionValues, StringComparer.OrdinalIgnoreCase),
        TypeValues = new Dictionary<string, string>(TypeValues, StringComparer.OrdinalIgnoreCase),
    };
}

/// <summary>A cell-site table (<c>antenna_id,latitude,longitude</c>) beside the CDR file.</summary>
public sealed record CdrAntennaTable
{
    /// <summary>File name, relative to the CDR's folder (or absolute).</summary>
    public required string File { get; init; }

    public string Delimiter { get; init; } = ",";

    public CdrColumn Id { get; init; } = CdrColumn.Named("antenna_id");

    public CdrColumn Latitude { get; init; } = CdrColumn.Named("latitude");

    public CdrColumn Longitude { get; init; } = CdrColumn.Named("longitude");
}
