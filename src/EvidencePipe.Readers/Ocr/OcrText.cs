namespace EvidencePipe.Readers.Ocr;

/// <summary>A box in image pixels (left, top, width, height), as tesseract's TSV gives it.</summary>
public readonly record struct OcrBox(int Left, int Top, int Width, int Height)
{
    public int Right => Left + Width;

    public int Bottom => Top + Height;

    public OcrBox Union(OcrBox other)
    {
        var left = Math.Min(Left, other.Left);
        var top = Math.Min(Top, other.Top);
        return new OcrBox(left, top, Math.Max(Right, other.Right) - left, Math.Max(Bottom, other.Bottom) - top);
    }

    /// <summary>The locator form: <c>x,y,w,h</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Left},{Top},{Width},{Height}");
}

/// <summary>One recognised word and tesseract's confidence in it (0–100).</summary>
public sealed record OcrWord(string Text, double Confidence, OcrBox Box);

/// <summary>One text line (tesseract's block/paragraph/line), words in reading order.</summary>
public sealed record OcrLine(IReadOnlyList<OcrWord> Words)
{
    public string Text => string.Join(' ', Words.Select(w => w.Text));

    public OcrBox Box => Words.Skip(1).Aggregate(Words[0].Box, (box, w) => box.Union(w.Box));

    public double Confidence => OcrConfidence.Mean(Words);
}

/// <summary>What tesseract read from one image: its lines in reading order, and the image's size.</summary>
public sealed record OcrPage(IReadOnlyList<OcrLine> Lines, int Width, int Height)
{
    public string Text => string.Join('\n', Lines.Select(l => l.Text));

    public IEnumerable<OcrWord> Words => Lines.SelectMany(l => l.Words);

    public double Confidence => OcrConfidence.Mean(Words);
}

/// <summary>Confidence arithmetic and the line under which OCR text is flagged, never silently trusted.</summary>
public static class OcrConfidence
{
    /// <summary>Below this mean word confidence (tesseract's 0–100 scale) text is flagged as low confidence.</summary>
    public const double LowThreshold = 75;

    /// <summary>Character-weighted mean, so one misread short token does not weigh like a long word.</summary>
    public static double Mean(IEnumerable<OcrWord> words)
    {
        double sum = 0, weight = 0;
        foreach (var w in words)
        {
            sum += w.Confidence * w.Text.Length;
            weight += w.Text.Length;
        }

        return weight == 0 ? 0 : sum / weight;
    }

    /// <summary>The event subject that marks OCR text: <c>ocr · confidence 93%</c>, plus a warning and the weakest words when low.</summary>
    public static string Describe(IReadOnlyCollection<OcrWord> words)
    {
        var mean = Mean(words);
        var text = FormattableString.Invariant($"ocr · confidence {mean:0}%");
        var weak = words.Where(w => w.Confidence < LowThreshold).Select(w => w.Text).Distinct(StringComparer.Ordinal).Take(5).ToList();
        if (mean < LowThreshold)
        {
            text += " · LOW CONFIDENCE: check against the image";
        }

        return weak.Count == 0 ? text : text + " · uncertain words: " + string.Join(' ', weak);
    }

    public static bool IsLow(IEnumerable<OcrWord> words) => Mean(words) < LowThreshold;
}
