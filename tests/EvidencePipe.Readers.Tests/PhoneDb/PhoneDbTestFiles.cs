using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>Shared helpers for the phone-database tests: every database is read through the one public dispatching reader.</summary>
internal static class PhoneDbTestFiles
{
    public const string Owner = "tel:+447700900999";

    public static string Android(string name) => RepoPaths.Fixture("android_db", name);

    public static string Ios(string name) => RepoPaths.Fixture("ios_db", name);

    public static string WhatsApp(string name) => RepoPaths.Fixture("whatsapp_db", name);

    public static CaseSettings Settings(string region = "GB", string? owner = null)
    {
        PhoneRegion.TryGet(region, out var phoneRegion);
        var owners = new HashSet<string>(StringComparer.Ordinal);
        if (owner is not null)
        {
            owners.Add(owner);
        }

        return new CaseSettings(CaseTimeZone.Default, phoneRegion, owners);
    }

    public static async Task<Read> ReadAsync(string path, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new SqliteEvidenceReader(), path, settings);
        return new Read(
            records.OfType<EventRecord>().Select(r => r.Event).ToList(),
            records.OfType<ContactRecord>().Select(r => r.Card).ToList(),
            context);
    }

    public static CommunicationEvent At(this IEnumerable<CommunicationEvent> events, string locator) =>
        Assert.Single(events, e => e.Source.Locator == locator);

    public static IEnumerable<Diagnostic> Of(this ReadContext context, DiagnosticSeverity severity) =>
        context.Diagnostics.Where(d => d.Severity == severity);

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    internal sealed record Read(List<CommunicationEvent> Events, List<ContactCard> Contacts, ReadContext Context)
    {
        public string Format => Context.Source.Format;
    }
}
