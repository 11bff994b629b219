using EvidencePipe.Reading;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Readers.VCard;
using EvidencePipe.Readers.WhatsApp;

namespace EvidencePipe.Readers;

/// <summary>Every format EvidencePipe reads, most specific sniffer first.</summary>
public static class ReaderCatalog
{
    public static FormatRegistry CreateRegistry() => new FormatRegistry()
        .Add(new SqliteSniffer(), new SqliteEvidenceReader())
        .Add(new SmsBackupSniffer(), new SmsBackupReader())
        .Add(new SmsBackupCallsSniffer(), new SmsBackupCallsReader())
        .Add(new WhatsAppTextSniffer(), new WhatsAppTextReader())
        .Add(new VCardSniffer(), new VCardReader());
}
