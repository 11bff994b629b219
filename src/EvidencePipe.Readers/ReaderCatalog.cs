using EvidencePipe.Reading;
using EvidencePipe.Readers.VCard;

namespace EvidencePipe.Readers;

/// <summary>Every format EvidencePipe reads, most specific sniffer first.</summary>
public static class ReaderCatalog
{
    public static FormatRegistry CreateRegistry() => new FormatRegistry()
        .Add(new VCardSniffer(), new VCardReader());
}
