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
                    type = value.ToUpperInvariant() switch
                    {
                        "SPO" => OrderType.Spo,
                        "RO" => OrderType.Ro,
                        "NMO" => OrderType.Nmo,
                        "BAIL" => OrderType.Bail,
                        _ => throw new FormatException($"order '{spec}': type must be SPO, RO, NMO or BAIL"),
                    };
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

    private static DateOnly Date(string spec, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"order '{spec}': '{value}' is not a YYYY-MM-DD date");
}
