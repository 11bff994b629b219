using System.Globalization;
using System.Xml;

namespace EvidencePipe.Readers.AndroidPackages;

/// <summary>The start tags of a text XML file (the pre-Android-12 <c>packages.xml</c>), streamed; no DTD, no external entities.</summary>
internal static class PlainXmlTags
{
    public static IEnumerable<XmlTag> Read(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(stream, settings);
        var info = reader as IXmlLineInfo;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var where = info is { } li && li.HasLineInfo() ? string.Create(CultureInfo.InvariantCulture, $"line {li.LineNumber}") : "element";
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            var name = reader.Name;
            var depth = reader.Depth;
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    attributes[reader.Name] = reader.Value;
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }

            yield return new XmlTag(name, depth, attributes, where);
        }
    }
}
