using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cdr;

/// <summary>Recognises a CDR CSV whose header or first rows fit one of the mappings (<see cref="CdrFit"/>).</summary>
public sealed class CdrSniffer : IFormatSniffer
{
    private readonly IReadOnlyList<CdrMapping> _mappings;

    public CdrSniffer()
        : this(CdrMappings.BuiltIn)
    {
    }

    public CdrSniffer(IReadOnlyList<CdrMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        _mappings = mappings;
    }

    public string Format => CdrReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        foreach (var mapping in _mappings)
        {
            if (CdrFit.Fits(mapping, head, out _))
            {
                return true;
            }
        }

        return false;
    }
}
