using EvidencePipe.Identifiers;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Builds <c>handle:&lt;service&gt;:&lt;value&gt;</c> identifiers from IMPP URIs (RFC 4770; RFC 6350
/// §6.4.3), e.g. <c>xmpp:alice@example.com</c>, <c>aim:goim?screenname=bob</c>, <c>skype:carol</c>.
/// </summary>
internal static class ImHandle
{
    private static readonly Dictionary<string, string> SchemeServices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ymsgr"] = "yahoo",
        ["msnim"] = "msn",
        ["callto"] = "skype",
    };

    public static string? FromImpp(string uri)
    {
        var value = uri.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return Identifier.ForHandle("im", value);
        }

        var scheme = value[..colon].ToLowerInvariant();
        var rest = value[(colon + 1)..];
        if (rest.Contains('?', StringComparison.Ordinal) && rest.LastIndexOf('=') is var eq and >= 0)
        {
            // aim:goim?screenname=bob, msnim:chat?contact=bob@example.com — the address is the query value.
            rest = rest[(eq + 1)..];
        }

        rest = rest.TrimStart('/');
        if (rest.Length == 0)
        {
            return null;
        }

        return Identifier.ForHandle(SchemeServices.GetValueOrDefault(scheme, scheme), rest);
    }

    public static string? FromVendorProperty(string service, string value) =>
        string.IsNullOrWhiteSpace(value) ? null : Identifier.ForHandle(service, value);
}
