using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace EvidencePipe.Readers.Pdf;

/// <summary>
/// Reopens a PDF whose end is missing (a truncated copy: no cross-reference table, trailer or
/// <c>startxref</c>, ISO 32000-1 §7.5.4–7.5.5), as repair tools do: the catalog object is found by
/// scanning for <c>N 0 obj &lt;&lt; /Type /Catalog</c>, a trailer naming it is appended to an in-memory
/// copy, and PdfPig's lenient parser then finds the objects by scanning. The evidence file is untouched.
/// </summary>
internal static partial class PdfRepair
{
    /// <summary>Larger files are not copied into memory for repair.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static PdfDocument? TryReopen(string path, ParsingOptions options)
    {
        if (new FileInfo(path).Length > MaxBytes)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        var text = Encoding.Latin1.GetString(bytes);
        var catalog = CatalogObject().Match(text);
        if (!catalog.Success)
        {
            return null;
        }

        var highest = ObjectHeader().Matches(text).Select(m => long.TryParse(m.Groups[1].ValueSpan, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        var trailer = Encoding.Latin1.GetBytes($"\ntrailer\n<< /Size {highest + 1} /Root {catalog.Groups[1].Value} 0 R >>\n%%EOF\n");
        try
        {
            return PdfDocument.Open([.. bytes, .. trailer], options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(\d{1,10})\s+\d{1,5}\s+obj\s*<<[^>]{0,200}?/Type\s*/Catalog\b", RegexOptions.CultureInvariant)]
    private static partial Regex CatalogObject();

    [GeneratedRegex(@"(\d{1,10})\s+\d{1,5}\s+obj\b", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectHeader();
}
