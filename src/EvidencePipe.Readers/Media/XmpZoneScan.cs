namespace EvidencePipe.Readers.Media;

/// <summary>
/// Whether an XMP packet's bytes could hold a date with a zone (XMP Specification Part 1 §8.2.1.1: a time
/// <c>hh:mm[:ss[.s]]</c> followed directly by <c>Z</c> or <c>±hh[:]mm</c>, the form <see cref="XmpDates"/> accepts).
/// A byte scan, deliberately loose: any such run anywhere in the packet (in any property, a comment, a thumbnail)
/// answers yes, and so does a character reference (<c>&amp;#</c>), which could spell the sign. Only a "no" is used:
/// a packet that cannot state a zoned time is not parsed when only a zoned time could change the capture time.
/// </summary>
internal static class XmpZoneScan
{
    public static bool MayStateZonedTime(ReadOnlySpan<byte> packet)
    {
        if (packet.IndexOf("&#"u8) >= 0)
        {
            return true;
        }

        var from = 0;
        while (true)
        {
            var colon = packet[from..].IndexOf((byte)':');
            if (colon < 0)
            {
                return false;
            }

            var i = from + colon;
            from = i + 1;
            if (i < 2 || !Digit(packet, i - 2) || !Digit(packet, i - 1) || !Digit(packet, i + 1) || !Digit(packet, i + 2))
            {
                continue;
            }

            // hh:mm, then optional :ss and .fraction, then the zone.
            var j = i + 3;
            if (At(packet, j, (byte)':') && Digit(packet, j + 1) && Digit(packet, j + 2))
            {
                j += 3;
                if (At(packet, j, (byte)'.'))
                {
                    j++;
                    while (Digit(packet, j))
                    {
                        j++;
                    }
                }
            }

            if (At(packet, j, (byte)'Z') || ((At(packet, j, (byte)'+') || At(packet, j, (byte)'-')) && Digit(packet, j + 1) && Digit(packet, j + 2)))
            {
                return true;
            }
        }
    }

    private static bool At(ReadOnlySpan<byte> packet, int index, byte value) => index < packet.Length && packet[index] == value;

    private static bool Digit(ReadOnlySpan<byte> packet, int index) => index < packet.Length && packet[index] - (uint)'0' <= 9;
}
