using System.Globalization;
using System.Xml;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cellebrite;

/// <summary>
/// Pass 2 over report.xml, one step at a time: a step reads up to the next decoded model (or, inside a
/// <c>Chat</c>, the next message) and hands its record over. XML damage ends the read with a diagnostic
/// giving the line and position; records before it are kept.
/// </summary>
internal sealed class UfedReportWalker : IDisposable
{
    private readonly ReadContext _context;
    private readonly UfedFiles _files;
    private readonly HashSet<string> _referenced;
    private readonly UfedEventMapper _mapper;
    private readonly SortedDictionary<string, int> _unread = new(StringComparer.Ordinal);
    private XmlReader? _reader;
    private int _modelTypeDepth = -1;
    private bool _inTaggedFiles;
    private int _taggedFilesDepth;
    private UfedChat? _chat;
    private int _chatDepth;
    private string? _chatField;
    private bool _done;

    private UfedReportWalker(ReadContext context, UfedFiles files, HashSet<string> referenced)
    {
        _context = context;
        _files = files;
        _referenced = referenced;
        _mapper = new UfedEventMapper(context, files);
    }

    public static UfedReportWalker Open(EvidenceSource source, ReadContext context, UfedFiles files, HashSet<string> referenced)
    {
        var walker = new UfedReportWalker(context, files, referenced);
        try
        {
            walker._reader = XmlReader.Create(source.OpenRead(), UfedXml.Settings);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            context.SkippedRecord("file", $"could not be opened: {ex.Message}");
            walker._done = true;
        }

        return walker;
    }

    /// <summary>Adds the next record(s) to <paramref name="output"/>; false once the report is finished.</summary>
    public bool Step(List<EvidenceRecord> output, CancellationToken cancellationToken)
    {
        if (_done || _reader is null)
        {
            return false;
        }

        try
        {
            return _chat is not null ? ChatStep(_reader, output, cancellationToken) : DocumentStep(_reader, output, cancellationToken);
        }
        catch (XmlException ex)
        {
            _context.SkippedRecord($"line {ex.LineNumber.ToString(CultureInfo.InvariantCulture)} position {ex.LinePosition.ToString(CultureInfo.InvariantCulture)}",
                $"XML damaged or not allowed ({ex.Message}); the rest of the report was not read");
            return Finish();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            _context.SkippedRecord("file", $"the report could not be read to its end ({ex.Message}); the rest was not read");
            return Finish();
        }
    }

    private bool DocumentStep(XmlReader reader, List<EvidenceRecord> output, CancellationToken cancellationToken)
    {
        var advance = true;
        while (!advance || reader.Read())
        {
            advance = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && _inTaggedFiles && reader.Depth == _taggedFilesDepth)
            {
                _inTaggedFiles = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "taggedFiles":
                    _inTaggedFiles = !reader.IsEmptyElement;
                    _taggedFilesDepth = reader.Depth;
                    continue;
                case "file" when _inTaggedFiles:
                    TaggedFile(reader, cancellationToken);
                    continue;
                case "modelType":
                    _modelTypeDepth = reader.Depth;
                    continue;
                case "model" when reader.Depth == _modelTypeDepth + 1:
                    var type = reader.GetAttribute("type") ?? "(no type)";
                    if (type == "Chat" && !reader.IsEmptyElement)
                    {
                        _chat = new UfedChat(reader.GetAttribute("id"), null, []);
                        _chatDepth = reader.Depth;
                        _chatField = null;
                        return true;
                    }

                    if (!UfedEventMapper.IsRead(type))
                    {
                        _unread[type] = _unread.GetValueOrDefault(type) + 1;
                        reader.Skip();
                        advance = false;
                        continue;
                    }

                    if (ReadModel(reader, null, cancellationToken) is { } model && _mapper.Map(model, null) is { } record)
                    {
                        output.Add(record);
                        return true;
                    }

                    continue;
            }
        }

        return Finish();
    }

    /// <summary>Inside a Chat: its fields, its participants, then each message as it comes.</summary>
    private bool ChatStep(XmlReader reader, List<EvidenceRecord> output, CancellationToken cancellationToken)
    {
        var chat = _chat!;
        var advance = true;
        while (!advance || reader.Read())
        {
            advance = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == _chatDepth)
            {
                _chat = null;
                return true;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == _chatDepth + 1)
            {
                switch (reader.LocalName)
                {
                    case "field" when reader.GetAttribute("name") == "Source" && !reader.IsEmptyElement:
                        var depth = reader.Depth;
                        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                        {
                            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "value")
                            {
                                _chat = chat = chat with { Source = reader.ReadElementContentAsString().Trim() };
                                break;
                            }
                        }

                        continue;
                    case "modelField" or "multiModelField":
                        _chatField = reader.GetAttribute("name");
                        continue;
                    default:
                        reader.Skip();
                        advance = false;
                        continue;
                }
            }

            if (reader.Depth == _chatDepth + 2 && reader.LocalName == "model")
            {
                switch (_chatField)
                {
                    case "Participants":
                        if (ReadModel(reader, chat, cancellationToken) is { } participant && chat.Participants.Count < UfedXml.MaxModelsPerRecord)
                        {
                            chat.Participants.Add(participant);
                        }

                        continue;
                    case "Messages":
                        if (ReadModel(reader, chat, cancellationToken) is { } message && _mapper.Map(message, chat) is { } record)
                        {
                            output.Add(record);
                            return true;
                        }

                        continue;
                    default:
                        reader.Skip();
                        advance = false;
                        continue;
                }
            }
        }

        _chat = null;
        return Finish();
    }

    /// <summary>A model, or null when it is too large (the rest of it is skipped and reported).</summary>
    private UfedModel? ReadModel(XmlReader reader, UfedChat? chat, CancellationToken cancellationToken)
    {
        var depth = reader.Depth;
        var type = reader.GetAttribute("type");
        var id = reader.GetAttribute("id");
        try
        {
            return UfedXml.ParseModel(reader, cancellationToken);
        }
        catch (UfedModelTooLargeException ex)
        {
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            _context.SkippedRecord($"{type} id={id}{(chat is null ? string.Empty : $" in Chat id={chat.Id}")}", $"model not read: {ex.Message}");
            return null;
        }
    }

    /// <summary>A tagged file some model points to: its device path and Local Path.</summary>
    private void TaggedFile(XmlReader reader, CancellationToken cancellationToken)
    {
        var id = reader.GetAttribute("id");
        if (id is null || !_referenced.Contains(id) || reader.IsEmptyElement)
        {
            if (id is not null && _referenced.Contains(id))
            {
                _files.Add(id, new TaggedFile((reader.GetAttribute("fs") ?? string.Empty) + reader.GetAttribute("path"), null, IsDeleted(reader)));
            }

            return; // the walk steps over its children element by element
        }

        var path = (reader.GetAttribute("fs") is { Length: > 0 } fs ? fs + ":" : string.Empty) + reader.GetAttribute("path");
        var deleted = IsDeleted(reader);
        string? local = null;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "item" && reader.GetAttribute("name") == "Local Path")
            {
                local = reader.ReadElementContentAsString().Trim();
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
                {
                    break;
                }
            }
        }

        _files.Add(id, new TaggedFile(path, local is { Length: > 0 } ? local : null, deleted));
    }

    private static bool IsDeleted(XmlReader reader) => string.Equals(reader.GetAttribute("deleted"), "Deleted", StringComparison.OrdinalIgnoreCase);

    private bool Finish()
    {
        if (!_done)
        {
            _done = true;
            if (_unread.Count > 0)
            {
                _context.Note("decodedData", "decoded models of types not mapped to events were not read: "
                    + string.Join(", ", _unread.Select(u => $"{u.Key} {u.Value.ToString(CultureInfo.InvariantCulture)}")));
            }
        }

        return false;
    }

    public void Dispose() => _reader?.Dispose();
}
