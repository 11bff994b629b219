namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>§2.6.1 Object Type: what a directory entry is.</summary>
internal enum CfbEntryType
{
    Unused,
    Storage,
    Stream,
    Root,
}

/// <summary>One directory entry: a storage (folder) or a stream (file) of the compound file.</summary>
internal sealed record CfbEntry(uint Id, string Name, CfbEntryType Type, uint Left, uint Right, uint Child, uint Start, long Size);
