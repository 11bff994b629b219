using EvidencePipe.Reading;

namespace EvidencePipe.Readers;

/// <summary>Every format EvidencePipe reads, most specific sniffer first.</summary>
public static class ReaderCatalog
{
    public static FormatRegistry CreateRegistry() => new();
}
