using EvidencePipe.Readers.AndroidPackages;
using EvidencePipe.Readers.Cdr;
using EvidencePipe.Readers.Cellebrite;
using EvidencePipe.Readers.Email;
using EvidencePipe.Readers.IncidentLog;
using EvidencePipe.Readers.IosBackup;
using EvidencePipe.Readers.Location;
using EvidencePipe.Readers.Media;
using EvidencePipe.Readers.Meta;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Readers.OutlookMsg;
using EvidencePipe.Readers.Pdf;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Signal;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Readers.Telegram;
using EvidencePipe.Readers.VCard;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers;

/// <summary>Every format EvidencePipe reads. Order matters where two sniffers could both accept a file.</summary>
public static class ReaderCatalog
{
    /// <param name="cdrMappings">Extra call-detail-record layouts (<c>--cdr-map</c>), tried before the built-in ones.</param>
    /// <param name="ocr">Reads screenshots and image-only PDF pages; null uses tesseract from the environment (<see cref="OcrEngine.FromEnvironment"/>).</param>
    public static FormatRegistry CreateRegistry(IReadOnlyList<CdrMapping>? cdrMappings = null, OcrEngine? ocr = null)
    {
        ocr ??= OcrEngine.FromEnvironment();
        IReadOnlyList<CdrMapping> mappings = [.. cdrMappings ?? [], .. CdrMappings.BuiltIn];
        return new FormatRegistry()
            // iTunes/Finder iOS backups: stored files are named from Manifest.db, then sniffed like any file.
            .AddFolderLayout(new IosBackupLayout())
            .Add(new SqliteSniffer(), new SqliteEvidenceReader())
            .Add(new MediaSniffer(), new MediaReader(ocr))
            .Add(new OutlookMsgSniffer(), new OutlookMsgReader())
            // Apple Mail's byte-count first line and mbox "From " lines come before generic message sniffing.
            .Add(new EmlxSniffer(), new EmlxReader())
            .Add(new MboxSniffer(), new MboxReader())
            .Add(new SmsBackupSniffer(), new SmsBackupReader())
            .Add(new SmsBackupCallsSniffer(), new SmsBackupCallsReader())
            .Add(new SuperBackupCallsSniffer(), new SuperBackupCallsReader())
            // Cellebrite report.xml (bare, or the entry of a .ufdr zip read in place).
            .Add(new CellebriteReportSniffer(), new CellebriteReportReader())
            // Android's packages.xml, as text XML or Android Binary XML (ABX), known by its <packages> root.
            .Add(new AndroidPackagesSniffer(), new AndroidPackagesReader())
            // The victim's incident log is known by its header row, which no chat export or CDR has.
            .Add(new IncidentLogCsvSniffer(), new IncidentLogCsvReader())
            // An .xlsx workbook is read as a workbook (its first sheet, as the incident log), never expanded as a zip.
            .Add(new IncidentLogXlsxSniffer(), new IncidentLogXlsxReader())
            // Signal's "[YYYY-MM-DD, HH:MM] Name: text" would otherwise pass for a WhatsApp iOS export.
            .Add(new SignalTextSniffer(), new SignalTextReader())
            .Add(new WhatsAppTextSniffer(), new WhatsAppTextReader())
            .Add(new VCardSniffer(), new VCardReader())
            .Add(new TelegramJsonSniffer(), new TelegramJsonReader())
            // Google location history (Records.json, Timeline.json): known by locations[].latitudeE7 / semanticSegments / rawSignals.
            .Add(new GoogleLocationHistorySniffer(), new GoogleLocationHistoryReader())
            // Instagram exports are Messenger-shaped; only Instagram media paths tell them apart.
            .Add(new InstagramJsonSniffer(), new MetaMessagesReader(MetaPlatform.Instagram))
            .Add(new MessengerJsonSniffer(), new MetaMessagesReader(MetaPlatform.Messenger))
            .Add(new CdrSniffer(mappings), new CdrReader(mappings))
            // A PDF header may sit after junk; text formats that merely mention it were claimed above.
            .Add(new PdfSniffer(), new PdfReader(ocr))
            // The most generic sniffer (any RFC 5322 header block) goes last.
            .Add(new EmlSniffer(), new EmlReader());
    }
}
