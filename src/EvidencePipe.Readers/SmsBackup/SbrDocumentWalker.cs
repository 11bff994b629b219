using System.Globalization;
using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Streams the children of an SBR document element one record at a time and turns every failure
/// into a diagnostic: records before XML damage are kept, the damage is reported with its line and
/// position, and the rest of the file (which no XML parser can resynchronise on) is declared unread.
/// </summary>
internal sealed class SbrDocumentWalker : IDisposable
{
    private readonly ReadContext _context;
    private readonly string _rootName;
    private readonly Dictionary<string, ISbrRecordParser> _parsers;
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly CountingDecoderFallback _fallback = new();
    private XmlReader? _reader;
    private bool _started;
    private bool _done;
    private bool _damaged;
    private int _records;
    private long? _declaredCount;
    private int _rootLine;

    private SbrDocumentWalker(ReadContext context, string rootName, IEnumerable<ISbrRecordParser> parsers)
    {
        _context = context;
        _rootName = rootName;
        _parsers = parsers.ToDictionary(p => p.ElementName, StringComparer.Ordinal);
    }

    /// <summary>One step: the next event (if any) and whether the document is finished.</summary>
    public readonly record struct Step(CommunicationEvent? Event, bool Done);

    public static SbrDocumentWalker Open(EvidenceSource source, ReadContext context, string rootName, params ISbrRecordParser[] parsers)
    {
        var walker = new SbrDocumentWalker(context, rootName, parsers);
        Stream? stream = null;
        try
        {
            stream = source.OpenRead();

            // SBR always writes UTF-8 (its declaration says so); decoding here rather than in
            // XmlReader lets an invalid byte become U+FFFD plus a diagnostic instead of ending the read.
            var text = new StreamReader(stream, CountingDecoderFallback.Utf8With(walker._fallback), detectEncodingFromByteOrderMarks: true, EvidenceSource.BufferSize);
            walker._reader = XmlReader.Create(text, SbrXml.Settings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            context.SkippedRecord("file", $"could not be opened: {ex.Message}");
            walker._done = true;
        }

        return walker;
    }

    public Step Next(CancellationToken cancellationToken)
    {
        if (_done || _reader is null)
        {
            return new Step(null, true);
        }

        try
        {
            if (!_started)
            {
                _started = true;
                if (!EnterRoot(_reader, cancellationToken))
                {
                    return Finish(null);
                }
            }

            while (_reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == 0)
                {
                    ReadPastRoot(_reader, cancellationToken);
                    return Finish(null);
                }

                if (_reader.NodeType != XmlNodeType.Element || _reader.Depth != 1)
                {
                    continue;
                }

                var name = _reader.LocalName;
                // string.Create formats straight into the string: no FormattableString and boxed arguments per record.
                var locator = string.Create(CultureInfo.InvariantCulture, $"{name}[{NextOrdinal(name)}] line {SbrXml.Line(_reader)}");
                _records++;
                if (!_parsers.TryGetValue(name, out var parser))
                {
                    _context.SkippedRecord(locator, $"<{name}> is not a record of this format (expected {string.Join(" or ", _parsers.Keys.Select(k => "<" + k + ">"))})");
                    SbrXml.ConsumeElement(_reader, cancellationToken);
                    continue;
                }

                var outcome = parser.Parse(_reader, locator, _context, cancellationToken);
                CheckReplacements(outcome.Event, locator);
                if (outcome.Damage is not null)
                {
                    ReportDamage(outcome.Damage);
                    return Finish(outcome.Event);
                }

                if (outcome.Event is not null)
                {
                    return new Step(outcome.Event, false);
                }
            }

            // XmlReader reports a missing end tag itself, so this is only reached on odd input.
            return Finish(null);
        }
        catch (XmlException ex)
        {
            ReportDamage(ex);
            return Finish(null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.SkippedRecord(Invariant($"line {SbrXml.Line(_reader)}"), $"read failed ({ex.GetType().Name}: {ex.Message}); rest of file not read");
            _damaged = true;
            return Finish(null);
        }
    }

    public void Dispose() => _reader?.Dispose();

    private bool EnterRoot(XmlReader reader, CancellationToken cancellationToken)
    {
        // Skips the declaration, processing instructions, comments and any DOCTYPE (ignored, never processed).
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            _context.SkippedRecord(Invariant($"line {SbrXml.Line(reader)}"), "no document element: nothing to read");
            return false;
        }

        _rootLine = SbrXml.Line(reader);
        if (reader.LocalName != _rootName)
        {
            _context.SkippedRecord(Invariant($"line {_rootLine}"), $"document element is <{reader.LocalName}>, not <{_rootName}>: file not read");
            return false;
        }

        if (long.TryParse(reader.GetAttribute("count"), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            _declaredCount = count;
        }

        if (reader.IsEmptyElement)
        {
            ReadPastRoot(reader, cancellationToken);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads on after the document element closes: anything but comments and whitespace there (a
    /// damaged root tag that closed itself early, with every record after it) is not well-formed
    /// (XML 1.0 §2.1, one document element) and must be reported, not silently ignored.
    /// </summary>
    private void ReadPastRoot(XmlReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (XmlException ex)
        {
            ReportDamage(ex);
        }
    }

    private Step Finish(CommunicationEvent? last)
    {
        _done = true;
        if (_declaredCount is { } declared && declared != _records)
        {
            var why = _damaged ? " before the damage" : string.Empty;
            _context.Note(Invariant($"{_rootName} line {_rootLine}"), Invariant($"header declares count={declared} but {_records} record(s) were found{why}"));
        }

        if (_fallback.Replacements > 0)
        {
            _context.Note("file", Invariant($"{_fallback.Replacements} invalid UTF-8 byte sequence(s) were decoded as U+FFFD"));
        }

        return new Step(last, true);
    }

    private void ReportDamage(XmlException ex)
    {
        _damaged = true;
        _context.SkippedRecord(SbrXml.Where(ex), $"XML not well-formed: {ex.Message} Rest of file not read.");
    }

    /// <summary>Marks an event whose text came through the U+FFFD replacement of invalid UTF-8.</summary>
    private void CheckReplacements(CommunicationEvent? e, string locator)
    {
        if (e is null || _fallback.Replacements == 0)
        {
            return;
        }

        static bool Has(string? s) => s is not null && s.Contains('\uFFFD', StringComparison.Ordinal);
        if (Has(e.Text) || Has(e.Subject) || Has(e.From) || e.To.Any(Has) || e.Names.Values.Any(Has) || e.Attachments.Any(a => Has(a.Name)))
        {
            _context.RecoveredRecord(locator, "contains U+FFFD: invalid UTF-8 bytes in the source were replaced");
        }
    }

    private int NextOrdinal(string name)
    {
        _ordinals.TryGetValue(name, out var n);
        _ordinals[name] = ++n;
        return n;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
