using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Reads an Apple Mail <c>.emlx</c> file: a first line with the message's length in bytes, that many
/// bytes of RFC 5322 message, then an XML property list (Apple's PropertyList-1.0 DTD) whose
/// <c>date-received</c>/<c>date-sent</c> (Unix seconds) serve as a last-resort date. A count that
/// runs past the end of the file is reported and the bytes that are there are read.
/// </summary>
public sealed class EmlxReader : IEvidenceReader
{
    public const string Locator = "message";

    public string Format => EmailFormats.Emlx;

    /// <summary>Parses the first line: digits with optional surrounding spaces.</summary>
    public static bool TryByteCount(ReadOnlySpan<byte> line, out long count)
    {
        var digits = line.Trim(" \t\r"u8);
        count = 0;
        return digits.Length is > 0 and <= 12 && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bytes = await MessageBytes.ReadAllAsync(source, context, Locator, cancellationToken).ConfigureAwait(false);
        if (bytes is not { } all)
        {
            yield break;
        }

        var first = HeaderSniffing.Line(all.Span, 0, out var start);
        if (!TryByteCount(first, out var count))
        {
            context.SkippedRecord(Locator, "first line is not the emlx byte count: not an emlx file");
            yield break;
        }

        var available = all.Length - start;
        if (count > available)
        {
            context.RecoveredRecord(Locator, $"emlx byte count {count} runs past the end of the file ({available} bytes follow): the file is truncated, the bytes present were read");
            count = available;
        }

        var message = all.Slice(start, (int)count);
        var envelope = PlistEnvelope(all[(start + (int)count)..], context);
        if (EmailEventBuilder.Build(message, envelope, context, Locator, cancellationToken) is { } evt)
        {
            yield return new EventRecord(evt);
        }
    }

    private static EmailEnvelope PlistEnvelope(ReadOnlyMemory<byte> plist, ReadContext context)
    {
        if (plist.Span.Trim("\r\n \t"u8).IsEmpty)
        {
            context.Note("plist", "no Apple Mail property list after the message");
            return EmailEnvelope.None;
        }

        try
        {
            using var stream = new MemoryStream(plist.ToArray(), writable: false);
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true });
            string? key = null;
            double? received = null;
            double? sent = null;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (xml.Name == "key")
                {
                    key = xml.ReadElementContentAsString();
                    continue;
                }

                if (key is "date-received" or "date-sent" && xml.Name is "real" or "integer"
                    && double.TryParse(xml.ReadElementContentAsString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    if (key == "date-received")
                    {
                        received = seconds;
                    }
                    else
                    {
                        sent = seconds;
                    }
                }

                key = null;
            }

            if ((sent ?? received) is { } when && when is > 0 and < 4_102_444_800)
            {
                EventTime time = context.TimeZone.FromUnixMilliseconds((long)(when * 1000));
                return new EmailEnvelope(null, time, $"the emlx property list's {(sent is null ? "date-received" : "date-sent")} ({when.ToString(CultureInfo.InvariantCulture)} Unix seconds)");
            }
        }
        catch (XmlException ex)
        {
            context.Note("plist", $"the Apple Mail property list is not readable XML: {ex.Message}");
        }

        return EmailEnvelope.None;
    }
}
