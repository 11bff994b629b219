using System.Globalization;
using System.Net;
using EvidencePipe.Application;

namespace EvidencePipe.Web;

/// <summary>Where the page listens: <c>HOST:PORT</c> (IPv4, <c>[IPv6]:PORT</c> or <c>localhost:PORT</c>); port 0 picks a free port.</summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    public const int DefaultPort = 8080;

    /// <summary>127.0.0.1:8080, the default: the page is only reachable from this machine.</summary>
    public static ListenAddress Default { get; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>True when only this machine can connect (127.0.0.0/8, ::1).</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static ListenAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new CaseOptionException($"--listen '{value}': expected HOST:PORT, e.g. 127.0.0.1:8080");
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress(IPAddress.Loopback, port);
        }

        // An address, not a name: a name could resolve to anything, and whether the page is reachable from
        // other machines (so needs --users) must be decided from what is actually bound.
        return IPAddress.TryParse(host, out var address)
            ? new ListenAddress(address, port)
            : throw new CaseOptionException($"--listen '{value}': '{host}' is not an IP address (give 127.0.0.1, ::1, 0.0.0.0 or an interface's address)");
    }

    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{Address}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Address}:{Port}");
}
