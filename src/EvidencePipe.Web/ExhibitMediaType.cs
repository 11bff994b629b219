namespace EvidencePipe.Web;

/// <summary>
/// How an exhibit file is handed to the browser. Its type comes from the format the media reader recorded when it
/// sniffed the file's magic bytes at ingest (and the bytes served are verified to be those same bytes), never from a
/// file name. Only raster image types, which cannot carry script, are shown in the page (<c>inline</c>); anything
/// else — TIFF and HEIF, which a browser cannot draw, videos, and above all script-capable types such as SVG or HTML —
/// is a download (<c>Content-Disposition: attachment</c>, RFC 6266) and is also served under a <c>sandbox</c> CSP.
/// </summary>
public sealed record ExhibitMediaType(string ContentType, bool Inline)
{
    /// <summary>Raster types a browser draws without running anything: the only ones put in the page.</summary>
    private static readonly HashSet<string> Drawable = new(StringComparer.Ordinal) { "image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp" };

    /// <summary>The type for a recorded format (<c>image-jpeg</c>, <c>image-heif</c>, <c>video-mp4</c>…); unknown: a download of bytes.</summary>
    public static ExhibitMediaType ForFormat(string? format) => For(format switch
    {
        "image-jpeg" => "image/jpeg",
        "image-png" => "image/png",
        "image-webp" => "image/webp",
        "image-gif" => "image/gif",
        "image-tiff" => "image/tiff",
        "image-heif" => "image/heif",
        "video-mp4" => "video/mp4",
        "video-quicktime" => "video/quicktime",
        _ => "application/octet-stream",
    });

    /// <summary>Inline only for <see cref="Drawable"/> types; every other type (SVG, HTML, XML, video…) a download.</summary>
    public static ExhibitMediaType For(string contentType) => new(contentType, Drawable.Contains(contentType));
}
