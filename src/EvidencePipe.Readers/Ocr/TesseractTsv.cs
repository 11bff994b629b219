using System.Globalization;

namespace EvidencePipe.Readers.Ocr;

/// <summary>
/// Parses tesseract's TSV output (<c>tesseract IMAGE stdout tsv</c>): a header, then one row per
/// element with <c>level page_num block_num par_num line_num word_num left top width height conf text</c>;
/// level 1 is the page (its width and height are the image's), level 5 a word with its confidence
/// (0–100; -1 on non-word rows). Words are grouped into lines by (block, paragraph, line).
/// </summary>
public static class TesseractTsv
{
    private const int Columns = 12;

    public static OcrPage Parse(string tsv)
    {
        var lines = new List<OcrLine>();
        var current = new List<OcrWord>();
        (int Block, int Par, int Line) key = (-1, -1, -1);
        int width = 0, height = 0;
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < Columns || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
            {
                continue; // the header row, or a damaged one
            }

            var numbers = new int[10];
            var valid = true;
            for (var i = 0; i < 10 && valid; i++)
            {
                valid = int.TryParse(cells[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i]);
            }

            if (!valid)
            {
                continue;
            }

            if (level == 1)
            {
                (width, height) = (numbers[8], numbers[9]);
                continue;
            }

            var text = Normalise(cells[11]);
            if (level != 5 || text.Length == 0
                || !double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence) || confidence < 0)
            {
                continue;
            }

            var wordKey = (numbers[2], numbers[3], numbers[4]);
            if (wordKey != key && current.Count > 0)
            {
                lines.Add(new OcrLine(current));
                current = [];
            }

            key = wordKey;
            current.Add(new OcrWord(text, confidence, new OcrBox(numbers[6], numbers[7], numbers[8], numbers[9])));
        }

        if (current.Count > 0)
        {
            lines.Add(new OcrLine(current));
        }

        return new OcrPage(lines, width, height);
    }

    /// <summary>
    /// A word that is a lone vertical bar is a capital I in the sans-serif fonts phones use (Roboto,
    /// San Francisco, DejaVu Sans draw I as one stroke); tesseract reads it as "|". Nothing else is changed.
    /// </summary>
    private static string Normalise(string word)
    {
        var trimmed = word.Trim();
        return trimmed == "|" ? "I" : trimmed;
    }
}
