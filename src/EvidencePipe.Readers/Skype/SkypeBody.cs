using System.Xml;
using EvidencePipe.Readers.Email;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// <c>Messages.body_xml</c> → plain text. Skype stores a message as an XML/HTML fragment: entities
/// (<c>I&amp;apos;m</c>), links (<c>&lt;a href=…&gt;url&lt;/a&gt;</c>), emoticons (<c>&lt;ss type="smile"&gt;:)&lt;/ss&gt;</c>),
/// quotes, bold/italic (Skyperious <c>MessageParser</c> documents the elements). The fragment is parsed
/// as a browser would (AngleSharp, <see cref="HtmlText"/>) and its text kept: the words as the user saw
/// them, every entity decoded, no markup. An SMS posted to a chat (<c>&lt;sms alt="…"&gt;</c>, type 64)
/// carries its text in <c>alt</c>; the rest of that element is delivery metadata, not words.
/// </summary>
internal static class SkypeBody
{
    public static string? Text(string? bodyXml)
    {
        if (string.IsNullOrWhiteSpace(bodyXml))
        {
            return null;
        }

        if (bodyXml.TrimStart().StartsWith("<sms", StringComparison.Ordinal) && SmsAlt(bodyXml) is { } alt)
        {
            return alt;
        }

        // Plain text needs no parse (most messages).
        var text = bodyXml.AsSpan().IndexOfAny('<', '&') < 0 ? bodyXml : HtmlText.ToText(bodyXml);
        text = text.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The <c>alt</c> text of an <c>&lt;sms&gt;</c> element; null when it is not well-formed XML.</summary>
    private static string? SmsAlt(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, ConformanceLevel = ConformanceLevel.Fragment, MaxCharactersFromEntities = 1024 };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sms")
                {
                    return reader.GetAttribute("alt") is { } alt && alt.Trim().Length > 0 ? alt.Trim() : null;
                }
            }
        }
        catch (XmlException)
        {
            // Not well-formed: the HTML text of the whole body is used instead.
        }

        return null;
    }
}
