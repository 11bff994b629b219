using System.Text;

namespace EvidencePipe.Reading;

/// <summary>Helpers for sniffers of text formats: BOM handling and decoding the head leniently.</summary>
public static class TextSniffing
{
    /// <summary>The head without a UTF-8 BOM, decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public static string DecodeHead(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        // A multi-byte sequence cut at the end of the head decodes as U+FFFD, which sniffers ignore.
        return Encoding.UTF8.GetString(head);
    }

    /// <summary>True when the head has NUL bytes: binary, not a text export.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head) => head.IndexOf((byte)0) >= 0;
}
