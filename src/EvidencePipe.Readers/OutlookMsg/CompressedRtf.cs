using System.Buffers.Binary;
using System.Text;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// Decompresses PidTagRtfCompressed ([MS-OXRTFCP] §2.1.3): a 16-byte header (COMPSIZE, RAWSIZE,
/// COMPTYPE "LZFu" compressed or "MELA" stored, CRC), then LZ77 runs of 8 tokens, each run led by a
/// control byte whose bits (least significant first) say literal byte (0) or dictionary reference
/// (1: 12-bit offset, 4-bit length + 2, big-endian). The 4096-byte circular dictionary starts with
/// the fixed text of §3.1.1.3; a reference to the current write position ends the data. Output is
/// capped at the header's RAWSIZE and <see cref="MaxOutput"/>, so a hostile header cannot make it grow.
/// </summary>
public static class CompressedRtf
{
    private const uint Compressed = 0x75465A4C; // "LZFu"
    private const uint Stored = 0x414C454D;     // "MELA"
    private const int DictionarySize = 4096;
    public const int MaxOutput = 16 << 20;

    /// <summary>§3.1.1.3: the dictionary's initial 207 bytes.</summary>
    public static readonly byte[] InitialDictionary = Encoding.ASCII.GetBytes(
        "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx");

    /// <summary>The RTF bytes, or null with a reason when the data is not compressed RTF.</summary>
    public static byte[]? Decompress(ReadOnlySpan<byte> data, out string? problem)
    {
        problem = null;
        if (data.Length < 16)
        {
            problem = "compressed RTF shorter than its 16-byte header";
            return null;
        }

        var rawSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        var type = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        var limit = (int)Math.Min(rawSize, MaxOutput);
        var input = data[16..];
        if (type == Stored)
        {
            return input[..Math.Min(input.Length, limit)].ToArray();
        }

        if (type != Compressed)
        {
            problem = $"compressed RTF of unknown type 0x{type:X8}";
            return null;
        }

        var dictionary = new byte[DictionarySize];
        InitialDictionary.CopyTo(dictionary, 0);
        var write = InitialDictionary.Length;
        var output = new List<byte>(Math.Min(limit, 1 << 20));
        var at = 0;
        while (at < input.Length && output.Count < limit)
        {
            var control = input[at++];
            for (var bit = 0; bit < 8 && output.Count < limit; bit++)
            {
                if ((control & (1 << bit)) == 0)
                {
                    if (at >= input.Length)
                    {
                        return output.ToArray();
                    }

                    var literal = input[at++];
                    output.Add(literal);
                    dictionary[write] = literal;
                    write = (write + 1) % DictionarySize;
                    continue;
                }

                if (at + 1 >= input.Length)
                {
                    problem = "compressed RTF ends inside a dictionary reference";
                    return output.ToArray();
                }

                var reference = BinaryPrimitives.ReadUInt16BigEndian(input[at..]);
                at += 2;
                var offset = reference >> 4;
                var length = (reference & 0xF) + 2;
                if (offset == write)
                {
                    return output.ToArray();
                }

                for (var i = 0; i < length && output.Count < limit; i++)
                {
                    var b = dictionary[(offset + i) % DictionarySize];
                    output.Add(b);
                    dictionary[write] = b;
                    write = (write + 1) % DictionarySize;
                }
            }
        }

        return output.ToArray();
    }
}
