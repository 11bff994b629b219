using System.Xml;

namespace EvidencePipe.Readers.Cellebrite;

/// <summary>The model is larger or deeper than one record may be; the rest of it is skipped.</summary>
internal sealed class UfedModelTooLargeException(string message) : Exception(message);

/// <summary>
/// Streaming pieces of report.xml: reader settings and the parser of one <c>&lt;model&gt;</c> element.
/// Only what the event mapping uses is kept: field values not in <see cref="WantedFields"/> (an
/// attachment's base64 <c>Data</c>, thumbnails, raw blobs) are skipped without being built as strings.
/// </summary>
internal static class UfedXml
{
    public const int MaxNesting = 16;
    public const int MaxModelsPerRecord = 10_000;

    /// <summary>
    /// DTDs prohibited (a DOCTYPE is an error, so neither external entities nor entity bombs can do
    /// anything), no resolver; element names compared by local name, the namespace is not required.
    /// </summary>
    public static XmlReaderSettings Settings { get; } = new()
    {
        Async = false,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private static readonly HashSet<string> WantedFields = new(StringComparer.Ordinal)
    {
        "Source", "Id", "Identifier", "Name", "Role", "IsPhoneOwner", "Body", "TimeStamp", "Folder", "Subject",
        "Type", "Direction", "Status", "Duration", "VideoCall", "Value", "Filename", "ContentType", "Size",
        "Latitude", "Longitude", "URL", "Title", "Category",
        "Version", "PurchaseDate", "DeletedDate", "LastLaunched",
    };

    /// <summary>Parses the model the reader is on, leaving the reader on its end tag (or on it, if empty).</summary>
    public static UfedModel ParseModel(XmlReader reader, CancellationToken cancellationToken)
    {
        var budget = MaxModelsPerRecord;
        return Parse(reader, 0, ref budget, cancellationToken);
    }

    private static UfedModel Parse(XmlReader reader, int nesting, ref int budget, CancellationToken cancellationToken)
    {
        if (nesting > MaxNesting)
        {
            throw new UfedModelTooLargeException($"models nested more than {MaxNesting} deep");
        }

        if (--budget < 0)
        {
            throw new UfedModelTooLargeException($"more than {MaxModelsPerRecord} nested models in one record");
        }

        var model = new UfedModel(reader.GetAttribute("type") ?? "(no type)", reader.GetAttribute("id"), reader.GetAttribute("deleted_state"));
        if (reader.IsEmptyElement)
        {
            return model;
        }

        var depth = reader.Depth;
        var advance = true;
        while (!advance || reader.Read())
        {
            advance = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                return model;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth + 1)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "field" or "multiField":
                    var name = reader.GetAttribute("name") ?? string.Empty;
                    if (!WantedFields.Contains(name) || reader.IsEmptyElement)
                    {
                        reader.Skip();
                        advance = false;
                        break;
                    }

                    var value = FirstValue(reader, cancellationToken);
                    if (value is not null)
                    {
                        model.Fields.TryAdd(name, value);
                    }

                    break;
                case "modelField" or "multiModelField":
                    var field = reader.GetAttribute("name") ?? string.Empty;
                    if (reader.IsEmptyElement)
                    {
                        break;
                    }

                    var fieldDepth = reader.Depth;
                    while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == fieldDepth))
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "model" && reader.Depth == fieldDepth + 1)
                        {
                            model.Add(field, Parse(reader, nesting + 1, ref budget, cancellationToken));
                        }
                    }

                    break;
                case "jumptargets":
                    if (reader.IsEmptyElement)
                    {
                        break;
                    }

                    var jumpDepth = reader.Depth;
                    var next = true;
                    while (!next || reader.Read())
                    {
                        next = true;
                        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == jumpDepth)
                        {
                            break;
                        }

                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "targetid")
                        {
                            var target = reader.ReadElementContentAsString().Trim();
                            if (model.JumpTargets.Count < 64)
                            {
                                model.JumpTargets.Add(target);
                            }

                            next = false;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    advance = false;
                    break;
            }
        }

        return model;
    }

    /// <summary>The text of the field's first <c>value</c>; the reader ends on the field's end tag.</summary>
    private static string? FirstValue(XmlReader reader, CancellationToken cancellationToken)
    {
        var depth = reader.Depth;
        string? first = null;
        var advance = true;
        while (!advance || reader.Read())
        {
            advance = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                break;
            }

            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "value")
            {
                if (first is null)
                {
                    first = reader.ReadElementContentAsString();
                }
                else
                {
                    reader.Skip();
                }

                advance = false;
            }
        }

        return first;
    }
}
