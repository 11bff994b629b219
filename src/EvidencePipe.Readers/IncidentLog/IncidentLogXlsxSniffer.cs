using EvidencePipe.Pipeline;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.IncidentLog;

/// <summary>
/// Claims a zip whose first local headers name a SpreadsheetML part (<c>xl/…</c>, ECMA-376 Part 1
/// §12.3): an <c>.xlsx</c> workbook. Whether it is an incident log is only known once its first
/// sheet's header row is read, so the reader reports any other workbook as unsupported, by name.
/// A workbook is never useful expanded as a zip container (its parts are XML, not evidence files).
/// </summary>
public sealed class IncidentLogXlsxSniffer : IFormatSniffer
{
    public string Format => IncidentLogXlsxReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head) => ZipContainer.IsZip(head) && head.IndexOf("xl/"u8) >= 0;
}
