using System.Text;
using Lucene.Net.Analysis.Miscellaneous;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// What every indexed and searched word goes through (README "Search"): Unicode NFKC (UAX #15, so
/// full-width letters and ligatures match their plain forms), the apostrophe look-alikes mapped to
/// U+0027 (NFKC leaves U+2019 alone, yet phones type ’ where keyboards type '), lower case (invariant),
/// and diacritics folded to ASCII (Lucene's ASCIIFoldingFilter table: é→e, ß→ss, ø→o).
/// </summary>
public static class TermNormalizer
{
    public static string Normalize(string term)
    {
        if (IsPlainAscii(term))
        {
            return term.ToLowerInvariant();
        }

        var s = term.IsNormalized(NormalizationForm.FormKC) ? term : term.Normalize(NormalizationForm.FormKC);
        s = MapApostrophes(s).ToLowerInvariant();
        var input = s.ToCharArray();
        var output = new char[input.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(input, 0, output, 0, input.Length);
        return new string(output, 0, length);
    }

    private static bool IsPlainAscii(string term)
    {
        foreach (var c in term)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    private static string MapApostrophes(string s)
    {
        if (s.AsSpan().IndexOfAny(Apostrophes) < 0)
        {
            return s;
        }

        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (Apostrophes.Contains(chars[i]))
            {
                chars[i] = '\'';
            }
        }

        return new string(chars);
    }

    // RIGHT/LEFT SINGLE QUOTATION MARK, MODIFIER LETTER APOSTROPHE, PRIME, FULLWIDTH APOSTROPHE (NFKC maps it too).
    private static readonly System.Buffers.SearchValues<char> Apostrophes = System.Buffers.SearchValues.Create("\u2019\u2018\u02BC\u2032\uFF07");
}
