using System.Text;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.AndroidPackages;

/// <summary>
/// Recognises <c>packages.xml</c> by content: ABX whose first element is <c>packages</c> (magic, START_DOCUMENT, then a
/// START_TAG with a new interned string "packages"), or text XML whose root element is <c>&lt;packages&gt;</c>.
/// </summary>
public sealed class AndroidPackagesSniffer : IFormatSniffer
{
    public string Format => AndroidPackagesReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        // ABX: "ABX\0", 0x10 (START_DOCUMENT|null), 0x32 (START_TAG|interned), 0xFFFF (new string), length 8, "packages".
        ReadOnlySpan<byte> abx = [.. AbxDecoder.Magic, 0x10, 0x32, 0xFF, 0xFF, 0x00, 0x08, .. "packages"u8];
        if (head.StartsWith(abx))
        {
            return true;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var text = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 512)]).TrimStart();
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            var end = text.IndexOf("?>", StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            text = text[(end + 2)..].TrimStart();
        }

        return text.StartsWith("<packages", StringComparison.Ordinal) && text.Length > 9 && (text[9] is '>' or '/' || char.IsWhiteSpace(text[9]));
    }
}
