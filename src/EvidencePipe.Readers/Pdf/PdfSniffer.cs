using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Pdf;

/// <summary>
/// Recognises a PDF by its header <c>%PDF-</c> (ISO 32000-1 §7.5.2), which readers accept anywhere in
/// the first 1024 bytes (Acrobat's implementation note 13: some writers put junk before it).
/// </summary>
public sealed class PdfSniffer : IFormatSniffer
{
    private const int HeaderWindow = 1024;

    public string Format => PdfReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        var window = head[..Math.Min(head.Length, HeaderWindow)];
        var at = window.IndexOf("%PDF-"u8);
        // The version follows: %PDF-1.0 … %PDF-1.7, %PDF-2.0.
        return at >= 0 && at + 6 < head.Length && head[at + 5] is (byte)'1' or (byte)'2' && head[at + 6] == (byte)'.';
    }
}
