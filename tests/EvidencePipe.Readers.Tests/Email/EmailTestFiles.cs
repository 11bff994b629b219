using EvidencePipe.Model;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using MimeKit;

namespace EvidencePipe.Readers.Tests.Email;

internal static class EmailTestFiles
{
    public static string Fixture(params string[] parts) => RepoPaths.Fixture(["email", .. parts]);

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(IEvidenceReader reader, string path, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(reader, path, settings);
        return ([.. records.OfType<EventRecord>().Select(r => r.Event)], context);
    }

    public static CaseSettings WithOwner(params string[] owners) =>
        CaseSettings.Default with { Owners = new HashSet<string>(owners, StringComparer.Ordinal) };

    public static IEnumerable<Diagnostic> Of(this ReadContext context, DiagnosticSeverity severity) =>
        context.Diagnostics.Where(d => d.Severity == severity);

    /// <summary>Whitespace runs collapsed to one space, as tools/email_golden.py does.</summary>
    public static string Squash(string? text) => string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The header lists of every message MimeKit parses from the email fixtures: each message's own, then its body
    /// parts' and its body's. An mbox gives all its messages; any other file its first; a file that is not a message
    /// (json, licence text, header-less torture cases) stops at MimeKit's FormatException.
    /// </summary>
    public static IEnumerable<HeaderList> EveryFixtureHeaderList()
    {
        foreach (var path in Directory.GetFiles(Fixture(), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(path);
            var format = new MboxSniffer().Matches(ReaderHarness.Head(path)) ? MimeFormat.Mbox : MimeFormat.Entity;
            var parser = new MimeParser(stream, format);
            while (!parser.IsEndOfStream)
            {
                MimeMessage message;
                try
                {
                    message = parser.ParseMessage();
                }
                catch (FormatException)
                {
                    break;
                }

                using (message)
                {
                    yield return message.Headers;
                    foreach (var entity in (MimeEntity[])[.. message.BodyParts, .. message.Body is null ? [] : new[] { message.Body }])
                    {
                        yield return entity.Headers;
                    }
                }

                if (format == MimeFormat.Entity)
                {
                    break;
                }
            }
        }
    }
}
