using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.AndroidPackages;

/// <summary>
/// Android's installed-package list, <c>/data/system/packages.xml</c>, in either form: text XML (to Android 11) or
/// Android Binary XML (<see cref="AbxDecoder"/>, Android 12 on). One <see cref="EventKind.App"/> event per
/// <c>&lt;package&gt;</c> child of the root <c>&lt;packages&gt;</c>, as AOSP's <c>Settings.writePackageLPr</c> writes
/// it: <c>name</c> the package name, <c>version</c> the version code, <c>installer</c> (or <c>installInitiator</c>) the
/// installing package, and <c>it</c> / <c>ut</c> the first-install and last-update times in Unix milliseconds written in
/// hexadecimal (<c>attributeLongHex</c>). Locator <c>package name=…</c> with the line (text) or byte offset (ABX).
/// </summary>
public sealed class AndroidPackagesReader : IEvidenceReader
{
    public const string FormatName = "android-packages-xml";

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var buffered = new BufferedStream(stream, EvidenceSource.BufferSize);
            await using (buffered.ConfigureAwait(false))
            {
                var head = new byte[4];
                var got = await buffered.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var abx = got == 4 && head.AsSpan().SequenceEqual(AbxDecoder.Magic);
                var replay = new ReplayStream(head.AsMemory(0, got), buffered);
                if (abx)
                {
                    context.Note("file", "Android Binary XML (ABX) form of packages.xml (Android 12 or later)");
                }

                using var tags = (abx ? new AbxDecoder(replay).Tags() : PlainXmlTags.Read(replay)).GetEnumerator();
                var packages = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        if (!tags.MoveNext())
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException)
                    {
                        context.SkippedRecord(abx ? "file" : "xml", string.Create(CultureInfo.InvariantCulture, $"reading stopped after {packages} package(s): {ex.Message}"));
                        break;
                    }

                    var tag = tags.Current;
                    if (tag.Depth != 1 || tag.Name != "package")
                    {
                        continue;
                    }

                    packages++;
                    if (Map(tag, context) is { } e)
                    {
                        yield return new EventRecord(e);
                    }
                }

                if (packages == 0)
                {
                    context.Note("file", "no <package> elements under <packages>");
                }
            }
        }
    }

    private static CommunicationEvent? Map(XmlTag tag, ReadContext context)
    {
        var a = tag.Attributes;
        if (!a.TryGetValue("name", out var name) || name.Length == 0)
        {
            context.SkippedRecord($"package ({tag.Where})", "a <package> without a name");
            return null;
        }

        var locator = $"package name={name} ({tag.Where})";
        var installed = HexTime(a, "it", locator, context);
        var updated = HexTime(a, "ut", locator, context);
        a.TryGetValue("version", out var version);
        var installer = a.TryGetValue("installer", out var i) && i.Length > 0 ? i : a.TryGetValue("installInitiator", out var ii) ? ii : null;
        return InstalledApp.Event(context.EventId(locator), name, null, version, installer, installed, updated, context.Locate(locator));
    }

    private static EventTime? HexTime(IReadOnlyDictionary<string, string> a, string key, string locator, ReadContext context)
    {
        if (!a.TryGetValue(key, out var text) || text.Length == 0)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and <= 253_402_300_799_999)
        {
            return context.TimeZone.FromUnixMilliseconds(ms);
        }

        context.RecoveredRecord(locator, $"{key}=\"{(text.Length > 20 ? text[..20] + "…" : text)}\" is not a time (hexadecimal Unix milliseconds); left out");
        return null;
    }

    /// <summary>The bytes already read to tell the two forms apart, then the rest of the stream.</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream rest) : ForwardReadStream
    {
        private ReadOnlyMemory<byte> _head = head;

        public override int Read(Span<byte> buffer)
        {
            if (_head.Length > 0)
            {
                var n = Math.Min(buffer.Length, _head.Length);
                _head.Span[..n].CopyTo(buffer);
                _head = _head[n..];
                return n;
            }

            return rest.Read(buffer);
        }
    }
}
