using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace EvidencePipe.Web;

/// <summary>The page's files, embedded in this assembly (EvidencePipe.Web.csproj) and served from memory: nothing is fetched from elsewhere.</summary>
internal static class Assets
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    public static IResult Result(string name) => Results.Bytes(Read(name), ContentType(name));

    public static byte[] Read(string name) => Cache.GetOrAdd(name, n =>
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("assets/" + n)
            ?? throw new InvalidOperationException($"asset '{n}' is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
