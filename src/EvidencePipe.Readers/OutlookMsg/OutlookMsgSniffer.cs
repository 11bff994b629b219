using System.Text;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// Recognises an Outlook .msg: an MS-CFB file (signature D0 CF 11 E0 A1 B1 1A E1) whose directory, in
/// the sniffed head, names a stream or storage only [MS-OXMSG] uses (<c>__substg1.0_</c>,
/// <c>__properties_version1.0</c>, <c>__nameid_version1.0</c>, in UTF-16LE). Word, Excel and other
/// compound files do not have these names. Outlook writes the directory in the first sectors, so it is
/// in the head of every real sample.
/// </summary>
public sealed class OutlookMsgSniffer : IFormatSniffer
{
    private static readonly byte[][] Names =
    [
        Encoding.Unicode.GetBytes("__substg1.0_"),
        Encoding.Unicode.GetBytes("__properties_version1.0"),
        Encoding.Unicode.GetBytes("__nameid_version1.0"),
    ];

    public string Format => OutlookMsgReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (!CompoundFile.HasSignature(head))
        {
            return false;
        }

        foreach (var name in Names)
        {
            if (head.IndexOf(name) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
