using System.Runtime.CompilerServices;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Reads an operator call-detail-record CSV with the first mapping that fits its header or first
/// rows (see <see cref="CdrFit"/>). Streams line by line; locators are <c>line N</c> as
/// <c>sed -n Np</c> counts them.
/// </summary>
public sealed class CdrReader : IEvidenceReader
{
    public const string FormatName = "cdr-csv";

    private const int MaxLineBytes = 64 * 1024;

    private readonly IReadOnlyList<CdrMapping> _mappings;

    /// <summary>The built-in mappings (<see cref="CdrMappings.BuiltIn"/>).</summary>
    public CdrReader()
        : this(CdrMappings.BuiltIn)
    {
    }

    /// <param name="mappings">Tried in order; put <c>--cdr-map</c> mappings before the built-ins.</param>
    public CdrReader(IReadOnlyList<CdrMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        foreach (var mapping in mappings)
        {
            if (mapping.Problem() is { } problem)
            {
                throw new ArgumentException($"CDR mapping '{mapping.Name}': {problem}", nameof(mappings));
            }
        }

        _mappings = mappings;
    }

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mapping = await ChooseAsync(source, context, cancellationToken).ConfigureAwait(false);
        if (mapping is null)
        {
            yield break;
        }

        var cells = mapping.Antennas is { } table ? await CdrAntennas.LoadAsync(table, source, context, cancellationToken).ConfigureAwait(false) : null;
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var lines = new ChatLineReader(stream, MaxLineBytes, EvidenceSource.BufferSize);
            CdrRowMapper? mapper = null;
            if (!mapping.HasHeader)
            {
                mapper = new CdrRowMapper(context, CdrLayout.Bind(mapping, null, out _)!, cells);
            }

            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var locator = $"line {line.Number}";
                if (line.Text.Length == 0 && !line.Truncated)
                {
                    continue; // a blank line is no record
                }

                if (line.Truncated)
                {
                    context.SkippedRecord(locator, $"line of {line.ByteLength} bytes is longer than {MaxLineBytes}; not a CDR row");
                    continue;
                }

                var fields = CdrCsv.Split(line.Text, mapping.DelimiterChar, out var unbalanced);
                if (mapper is null)
                {
                    var layout = CdrLayout.Bind(mapping, fields, out var missing);
                    if (layout is null)
                    {
                        context.SkippedRecord(locator, $"header lacks column(s) {string.Join(", ", missing)} the '{mapping.Name}' mapping needs; file not read");
                        yield break;
                    }

                    mapper = new CdrRowMapper(context, layout, cells);
                    continue;
                }

                if (line.InvalidUtf8)
                {
                    context.RecoveredRecord(locator, "invalid UTF-8 replaced with U+FFFD");
                }

                if (unbalanced)
                {
                    context.RecoveredRecord(locator, "a quoted field is not closed on its line; read to the end of the line");
                }

                if (mapper.Map(fields, locator) is { } ev)
                {
                    yield return new EventRecord(ev);
                }
            }
        }
    }

    private async Task<CdrMapping?> ChooseAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken)
    {
        var head = new byte[SniffBuffer.HeadLength];
        int length;
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            length = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        var reasons = new List<string>(_mappings.Count);
        foreach (var mapping in _mappings)
        {
            if (CdrFit.Fits(mapping, head.AsSpan(0, length), out var why))
            {
                return mapping;
            }

            reasons.Add($"{mapping.Name}: {why}");
        }

        context.SkippedRecord("file", $"no CDR mapping fits the file ({string.Join("; ", reasons)})");
        return null;
    }
}
