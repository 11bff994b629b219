using System.Globalization;
using System.Text.RegularExpressions;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using UglyToad.PdfPig.Content;

namespace EvidencePipe.Readers.Pdf;

/// <summary>
/// When a PDF was made, from its Info dictionary: <c>/CreationDate</c>, else <c>/ModDate</c>, as PDF
/// dates (ISO 32000-1 §7.9.4: <c>D:YYYYMMDDHHmmSSOHH'mm'</c>, everything after the year optional; O is
/// +, − or Z). With a zone the time is explicit; without, naive local in the case zone. With neither
/// date, a plain file's modification time stands in (basis <c>file-modified</c>, not a document time);
/// inside a container there is none (null).
/// </summary>
internal static partial class PdfDocumentTime
{
    public static (EventTime Time, string Basis)? Resolve(DocumentInformation info, EvidenceSource source, ReadContext context)
    {
        foreach (var (key, value) in new[] { ("CreationDate", info.CreationDate), ("ModDate", info.ModifiedDate) })
        {
            if (TryParse(value, out var local, out var offset))
            {
                if (offset is { } o)
                {
                    return (EventTime.FromExplicit(new DateTimeOffset(local, o)), "pdf:" + key);
                }

                context.Note("file", $"the PDF /{key} states no zone; read as local time in {context.TimeZone.Id}");
                return (context.TimeZone.FromLocal(local), "pdf:" + key + ", no offset (case zone)");
            }
        }

        if (source.ContainerEntry is null && File.Exists(source.AbsolutePath))
        {
            context.Note("file", "the PDF states no creation or modification date; the time shown is the file system's modification time (basis file-modified), which copying the exhibit may have set: it is NOT a document time");
            var written = DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(File.GetLastWriteTimeUtc(source.AbsolutePath)).ToUnixTimeMilliseconds());
            return (context.TimeZone.FromFileModified(written), "file-modified (NOT a document time)");
        }

        return null;
    }

    public static bool TryParse(string? value, out DateTime local, out TimeSpan? offset)
    {
        local = default;
        offset = null;
        var m = value is null ? null : PdfDate().Match(value.Trim());
        if (m is null || !m.Success)
        {
            return false;
        }

        int Part(string name, int fallback) => m.Groups[name].Success ? int.Parse(m.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : fallback;
        try
        {
            local = new DateTime(Part("y", 1), Part("mo", 1), Part("d", 1), Part("h", 0), Part("mi", 0), Part("s", 0), DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        if (m.Groups["z"].Success)
        {
            var sign = m.Groups["z"].Value;
            var span = sign == "Z" ? TimeSpan.Zero : new TimeSpan(Part("oh", 0), Part("om", 0), 0) * (sign == "-" ? -1 : 1);
            if (span.Duration() > TimeSpan.FromHours(14))
            {
                return false;
            }

            offset = span;
        }

        return true;
    }

    [GeneratedRegex(@"^(D:)?(?<y>\d{4})(?<mo>\d{2})?(?<d>\d{2})?(?<h>\d{2})?(?<mi>\d{2})?(?<s>\d{2})?((?<z>[+\-Z])((?<oh>\d{2})'?((?<om>\d{2})'?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PdfDate();
}
