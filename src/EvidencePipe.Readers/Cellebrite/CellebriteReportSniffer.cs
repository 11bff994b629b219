using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cellebrite;

/// <summary>
/// A Cellebrite report.xml: a <c>&lt;project</c> root in the report namespace within the first 8 KiB.
/// A <c>.ufdr</c> is a zip: the pipeline reads its entries in place, so its <c>report.xml</c> entry is
/// recognised here like a bare one.
/// </summary>
public sealed class CellebriteReportSniffer : IFormatSniffer
{
    public string Format => CellebriteFormats.ReportXml;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (TextSniffing.LooksBinary(head))
        {
            return false;
        }

        var text = TextSniffing.DecodeHead(head);
        return text.Contains("<project", StringComparison.Ordinal) && text.Contains(CellebriteFormats.Namespace, StringComparison.Ordinal);
    }
}
