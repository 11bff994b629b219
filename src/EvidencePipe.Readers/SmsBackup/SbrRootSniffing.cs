using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Finds the name of the first element in an XML head without an XML parser: skips the XML
/// declaration and processing instructions (SBR writes <c>&lt;?xml-stylesheet ...?&gt;</c>),
/// comments and a DOCTYPE (XML 1.0 §2.8 prolog), then reads the element name.
/// </summary>
internal static class SbrRootSniffing
{
    public static bool RootIs(ReadOnlySpan<byte> head, string expected)
    {
        if (TextSniffing.LooksBinary(head))
        {
            return false;
        }

        // TrimStart: TextSniffing.DecodeHead's BOM check compares with "\xEF\xBB\xBF"u8, which is the
        // UTF-8 of U+00EF U+00BB U+00BF rather than the BOM bytes, so a BOM survives as U+FEFF.
        var text = TextSniffing.DecodeHead(head).AsSpan().TrimStart('\uFEFF');
        var name = FirstElementName(text);
        return name.SequenceEqual(expected);
    }

    internal static ReadOnlySpan<char> FirstElementName(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (true)
        {
            while (i < text.Length && IsXmlSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '<')
            {
                return [];
            }

            var rest = text[i..];
            if (rest.StartsWith("<?"))
            {
                var end = rest.IndexOf("?>");
                if (end < 0)
                {
                    return [];
                }

                i += end + 2;
            }
            else if (rest.StartsWith("<!--"))
            {
                var end = rest.IndexOf("-->");
                if (end < 0)
                {
                    return [];
                }

                i += end + 3;
            }
            else if (rest.StartsWith("<!DOCTYPE"))
            {
                var end = DoctypeEnd(rest);
                if (end < 0)
                {
                    return [];
                }

                i += end + 1;
            }
            else
            {
                var nameStart = rest[1..];
                var length = 0;
                while (length < nameStart.Length && !IsXmlSpace(nameStart[length]) && nameStart[length] is not ('>' or '/'))
                {
                    length++;
                }

                // The name must be complete inside the head, or it could be a longer name.
                return length < nameStart.Length ? nameStart[..length] : [];
            }
        }
    }

    /// <summary>Index of the '&gt;' closing a DOCTYPE, skipping an internal subset in brackets.</summary>
    private static int DoctypeEnd(ReadOnlySpan<char> rest)
    {
        var inSubset = false;
        for (var j = 0; j < rest.Length; j++)
        {
            switch (rest[j])
            {
                case '[':
                    inSubset = true;
                    break;
                case ']':
                    inSubset = false;
                    break;
                case '>' when !inSubset:
                    return j;
            }
        }

        return -1;
    }

    private static bool IsXmlSpace(char c) => c is ' ' or '\t' or '\r' or '\n';
}
