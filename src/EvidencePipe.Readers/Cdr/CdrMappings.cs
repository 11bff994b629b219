namespace EvidencePipe.Readers.Cdr;

/// <summary>The ready-made mappings: the layouts bandicoot (computationalprivacy/bandicoot, io.py) reads.</summary>
public static class CdrMappings
{
    /// <summary>
    /// bandicoot's CSV (<c>read_csv</c>): header <c>interaction,direction,correspondent_id,datetime,
    /// call_duration,antenna_id</c>; one subscriber's records, direction relative to them; local times;
    /// an <c>antennas.csv</c> beside it gives cell positions.
    /// </summary>
    public static CdrMapping Bandicoot { get; } = new()
    {
        Name = "bandicoot",
        Delimiter = ",",
        HasHeader = true,
        Correspondent = CdrColumn.Named("correspondent_id"),
        Direction = CdrColumn.Named("direction"),
        Start = CdrColumn.Named("datetime"),
        Duration = CdrColumn.Named("call_duration"),
        Type = CdrColumn.Named("interaction"),
        Cell = CdrColumn.Named("antenna_id"),
        DirectionValues = Map(("in", "incoming"), ("out", "outgoing")),
        TypeValues = Map(("call", "call"), ("text", "sms")),
        Antennas = new CdrAntennaTable { File = "antennas.csv" },
    };

    /// <summary>
    /// bandicoot's "orange" layout (<c>read_orange</c>, Orange D4D challenge): no header, <c>;</c>,
    /// <c>call_record_type;basic_service;user_msisdn;call_partner_identity;datetime;call_duration;
    /// longitude;latitude</c>. call_record_type 1 = outgoing, 2 = incoming (bandicoot treats every
    /// value but 1 as incoming; here other values are reported); basic_service 11 telephony, 12
    /// emergency call, 21/22 short message.
    /// </summary>
    public static CdrMapping Orange { get; } = new()
    {
        Name = "orange",
        Delimiter = ";",
        HasHeader = false,
        Direction = CdrColumn.At(0),
        Type = CdrColumn.At(1),
        Subject = CdrColumn.At(2),
        Correspondent = CdrColumn.At(3),
        Start = CdrColumn.At(4),
        Duration = CdrColumn.At(5),
        Longitude = CdrColumn.At(6),
        Latitude = CdrColumn.At(7),
        DirectionValues = Map(("1", "outgoing"), ("2", "incoming")),
        TypeValues = Map(("11", "call"), ("12", "call"), ("21", "sms"), ("22", "sms")),
    };

    public static IReadOnlyList<CdrMapping> BuiltIn { get; } = [Bandicoot, Orange];

    private static Dictionary<string, string> Map(params (string Raw, string Meaning)[] pairs) =>
        pairs.ToDictionary(p => p.Raw, p => p.Meaning, StringComparer.OrdinalIgnoreCase);
}
