using EvidencePipe.Pipeline;

namespace EvidencePipe.Reading;

/// <summary>The formats the pipeline knows, tried in registration order (most specific first).</summary>
public sealed class FormatRegistry
{
    private readonly List<(IFormatSniffer Sniffer, IEvidenceReader Reader)> _formats = [];
    private readonly List<IFolderLayout> _folderLayouts = [];

    /// <summary>Folders whose files an index inside them names (iOS backups), asked about every folder walked.</summary>
    public IReadOnlyList<IFolderLayout> FolderLayouts => _folderLayouts;

    public FormatRegistry AddFolderLayout(IFolderLayout layout)
    {
        _folderLayouts.Add(layout);
        return this;
    }

    public FormatRegistry Add(IFormatSniffer sniffer, IEvidenceReader reader)
    {
        if (sniffer.Format != reader.Format)
        {
            throw new ArgumentException($"sniffer '{sniffer.Format}' and reader '{reader.Format}' disagree on the format name");
        }

        _formats.Add((sniffer, reader));
        return this;
    }

    public IEnumerable<string> Formats => _formats.Select(f => f.Sniffer.Format);

    /// <summary>The reader for the first format whose sniffer accepts <paramref name="head"/>, or null.</summary>
    public IEvidenceReader? Identify(ReadOnlySpan<byte> head)
    {
        foreach (var (sniffer, reader) in _formats)
        {
            if (sniffer.Matches(head))
            {
                return reader;
            }
        }

        return null;
    }
}
