using System.Globalization;

namespace EvidencePipe.Analysis.Orders;

/// <summary>Kinds of order whose breach is itself an offence.</summary>
public enum OrderType
{
    /// <summary>Stalking Protection Order (Stalking Protection Act 2019).</summary>
    Spo,

    /// <summary>Restraining order (Protection from Harassment Act 1997 s.5/5A).</summary>
    Ro,

    /// <summary>Non-molestation order (Family Law Act 1996 s.42).</summary>
    Nmo,

    /// <summary>Bail with a no-contact condition.</summary>
    Bail,
}

/// <summary>
/// <c>party=ID,from=DATE[,to=DATE][,type=SPO|RO|NMO|BAIL]</c>: an order protecting the owner from
/// <see cref="Party"/>, in force from the start of <see cref="From"/> to the end of <see cref="To"/>
/// (calendar dates in the case time zone; open-ended without <c>to</c>).
/// </summary>
public sealed record ProtectiveOrder(string Party, DateOnly From, DateOnly? To, OrderType Type, string Spec)
{
    /// <summary>The court or custody reference, when the order was stored with one.</summary>
    public string? Reference { get; init; }

    /// <summary>The order's conditions as written on it (for the reader; not interpreted).</summary>
    public string? Conditions { get; init; }

    /// <summary>
    /// An order from its parts (<c>orders add</c>): the same checks as <see cref="Parse"/>, and its
    /// <see cref="Spec"/> written in the <c>--order</c> form so breaches name it the same way.
    /// </summary>
    public static ProtectiveOrder Create(string type, string party, string from, string? to, string? reference = null, string? conditions = null)
    {
        var spec = $"party={party},from={from}{(to is null ? string.Empty : ",to=" + to)},type={type.ToUpperInvariant()}";
        if (string.IsNullOrWhiteSpace(party))
        {
            throw new FormatException("order: the party is empty");
        }

        var start = Date(spec, from);
        DateOnly? end = to is null ? null : Date(spec, to);
        if (end is { } e && e < start)
        {
            throw new FormatException($"order '{spec}': to is before from");
        }

        return new ProtectiveOrder(party.Trim(), start, end, TypeOf(spec, type), spec) { Reference = reference, Conditions = conditions };
    }

    public static ProtectiveOrder Parse(string spec)
    {
        string? party = null;
        DateOnly? from = null;
        DateOnly? to = null;
        var type = OrderType.Ro;
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"order '{spec}': '{part}' is not key=value");
            }

            var key = part[..eq].Trim().ToLowerInvariant();
            var value = part[(eq + 1)..].Trim();
            switch (key)
            {
                case "party":
                    party = value;
                    break;
                case "from":
                    from = Date(spec, value);
                    break;
                case "to":
                    to = Date(spec, value);
                    break;
                case "type":
                    type = TypeOf(spec, value);
                    break;
                default:
                    throw new FormatException($"order '{spec}': unknown key '{key}'");
            }
        }

        if (party is null || from is null)
        {
            throw new FormatException($"order '{spec}': party= and from= are required");
        }

        if (to is { } t && t < from)
        {
            throw new FormatException($"order '{spec}': to is before from");
        }

        return new ProtectiveOrder(party, from.Value, to, type, spec);
    }

    public string TypeName => Type.ToString().ToUpperInvariant();

    private static OrderType TypeOf(string spec, string value) => value.Trim().ToUpperInvariant() switch
    {
        "SPO" => OrderType.Spo,
        "RO" => OrderType.Ro,
        "NMO" => OrderType.Nmo,
        "BAIL" => OrderType.Bail,
        _ => throw new FormatException($"order '{spec}': type must be SPO, RO, NMO or BAIL"),
    };

    private static DateOnly Date(string spec, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"order '{spec}': '{value}' is not a YYYY-MM-DD date");
}
