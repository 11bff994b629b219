using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace EvidencePipe.Readers.Pdf;

/// <summary>
/// The stored size of each page's content stream(s), read from the page tree (ISO 32000-1 §7.7.3:
/// /Pages → /Kids → /Page, /Contents a stream or an array of streams) before PdfPig lays the page out.
/// Laying out text costs time per glyph, so a page whose content is larger than
/// <see cref="MaxContentBytes"/> is not extracted (the fuzz suite found a mutant page of 866,000
/// glyphs taking seconds of CPU): a cap per record like every reader's.
/// </summary>
internal static class PdfPageSizes
{
    /// <summary>Ordinary text pages are 5–50 KB of content (far less compressed); inline images are kept under 4 KB (§8.9.7).</summary>
    public const int MaxContentBytes = 192 * 1024;

    private const int MaxDepth = 64;

    /// <summary>Content bytes per page in page order, or null when the tree cannot be walked (PdfPig then decides).</summary>
    public static IReadOnlyList<long>? Read(PdfDocument document)
    {
        try
        {
            var sizes = new List<long>();
            if (Resolve(document, document.Structure.Catalog.CatalogDictionary.Data.GetValueOrDefault("Pages")) is not DictionaryToken root)
            {
                return null;
            }

            Walk(document, root, sizes, 0, new HashSet<DictionaryToken>(ReferenceEqualityComparer.Instance));
            return sizes;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return null;
        }
    }

    private static void Walk(PdfDocument document, DictionaryToken node, List<long> sizes, int depth, HashSet<DictionaryToken> seen)
    {
        if (depth > MaxDepth || !seen.Add(node))
        {
            return;
        }

        if (node.Data.GetValueOrDefault("Kids") is { } kidsToken && Resolve(document, kidsToken) is ArrayToken kids)
        {
            foreach (var kid in kids.Data)
            {
                if (Resolve(document, kid) is DictionaryToken child)
                {
                    Walk(document, child, sizes, depth + 1, seen);
                }
            }

            return;
        }

        sizes.Add(ContentBytes(document, node.Data.GetValueOrDefault("Contents")));
    }

    private static long ContentBytes(PdfDocument document, IToken? contents) => Resolve(document, contents) switch
    {
        StreamToken stream => stream.Data.Length,
        ArrayToken array => array.Data.Sum(part => Resolve(document, part) is StreamToken s ? (long)s.Data.Length : 0),
        _ => 0,
    };

    private static IToken? Resolve(PdfDocument document, IToken? token)
    {
        for (var hops = 0; token is IndirectReferenceToken reference && hops < 8; hops++)
        {
            token = document.Structure.GetObject(reference.Data).Data;
        }

        return token;
    }
}
