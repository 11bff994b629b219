using System.Text.RegularExpressions;
using MetadataExtractor.Formats.Xmp;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>A date read from XMP: its key, wall clock and zone (null when the value stated none).</summary>
internal sealed record XmpDate(string Key, DateTime Local, TimeSpan? Offset);

/// <summary>
/// The capture date an XMP packet states, best key first: <c>exif:DateTimeOriginal</c>,
/// <c>photoshop:DateCreated</c>, then <c>exif:DateTimeDigitized</c> and <c>xmp:CreateDate</c>
/// (XMP Specification Part 2 §3.2.1, §3.3.1; Metadata Working Group guidance maps Exif
/// DateTimeOriginal ↔ photoshop:DateCreated). Values are XMP dates (Part 1 §8.2.1.1: ISO 8601 subset
/// <c>YYYY-MM-DDThh:mm[:ss[.s]]TZD</c>); a date without a time of day places no moment and is skipped.
/// </summary>
internal static partial class XmpDates
{
    private static readonly string[] Keys = ["exif:DateTimeOriginal", "photoshop:DateCreated", "exif:DateTimeDigitized", "xmp:CreateDate"];

    public static XmpDate? Find(IEnumerable<MeDirectory> directories)
    {
        var xmp = directories.OfType<XmpDirectory>().ToList();
        if (xmp.Count == 0)
        {
            return null;
        }

        // GetXmpProperties walks the whole XMP tree into a new dictionary on every call (MetadataExtractor 2.4.3), so
        // each directory's is taken once, when the first key first needs it: the same calls in the same order, less
        // the repeats.
        var properties = new IDictionary<string, string>?[xmp.Count];
        foreach (var key in Keys)
        {
            for (var i = 0; i < xmp.Count; i++)
            {
                var values = properties[i] ??= xmp[i].GetXmpProperties();
                if (values.TryGetValue(key, out var value) && TryParse(value, out var local, out var offset))
                {
                    return new XmpDate(key, local, offset);
                }
            }
        }

        return null;
    }

    public static bool TryParse(string? value, out DateTime local, out TimeSpan? offset)
    {
        local = default;
        offset = null;
        var m = value is null ? null : XmpDateTime().Match(value.Trim());
        if (m is null || !m.Success)
        {
            return false;
        }

        // Seconds are optional in XMP dates; ExifDateText reads the full form and the zone.
        var text = m.Groups["s"].Success ? m.Value : m.Groups["hm"].Value + ":00" + m.Groups["zone"].Value;
        return ExifDateText.TryParse(text, out local, out offset);
    }

    [GeneratedRegex(@"^(?<hm>\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?<s>:\d{2}(\.\d+)?)?(?<zone>Z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex XmpDateTime();
}
