using System.Xml;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>XmlReader set-up and small navigation helpers shared by the SBR readers.</summary>
internal static class SbrXml
{
    /// <summary>
    /// Hardened settings: no DTD processing and no resolver, so neither external entities (XXE) nor
    /// entity-expansion bombs can do anything (an entity reference is then simply an error).
    /// CheckCharacters is off because SBR writes emoji as two surrogate character references
    /// (<c>&amp;#55357;&amp;#56832;</c>), which strict XML 1.0 §2.2 rejects but which pair up into
    /// the intended character. Async is off: the reader runs on a dedicated parse worker over a
    /// local file, where blocking reads cost far less than XmlReader's async state machines per node.
    /// </summary>
    public static XmlReaderSettings Settings { get; } = new()
    {
        Async = false,
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CheckCharacters = false,
        CloseInput = true,
    };

    /// <summary>Moves to the element's last node (its end tag) without stepping past it.</summary>
    public static void ConsumeElement(XmlReader reader, CancellationToken cancellationToken)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return;
            }
        }
    }

    /// <summary>As <see cref="ConsumeElement"/>, returning XML damage instead of throwing it.</summary>
    public static XmlException? TryConsumeElement(XmlReader reader, CancellationToken cancellationToken)
    {
        try
        {
            ConsumeElement(reader, cancellationToken);
            return null;
        }
        catch (XmlException ex)
        {
            return ex;
        }
    }

    public static int Line(XmlReader reader) => reader is IXmlLineInfo info ? info.LineNumber : 0;

    public static string Where(XmlException ex) => $"line {ex.LineNumber}, position {ex.LinePosition}";
}
