using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.Tests.SmsBackup;

/// <summary>Shared helpers for the SMS Backup &amp; Restore tests.</summary>
internal static class SbrTestFiles
{
    public static string Fixture(string name) => RepoPaths.Fixture("sms_backup", name);

    public static string Hostile(string name) => RepoPaths.Fixture("sms_backup", "hostile", name);

    public static CaseSettings WithOwner(string owner) =>
        new(CaseTimeZone.Default, PhoneRegion.Default, new HashSet<string>(StringComparer.Ordinal) { owner });

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(IEvidenceReader reader, string path, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(reader, path, settings);
        return (records.OfType<EventRecord>().Select(r => r.Event).ToList(), context);
    }

    public static CommunicationEvent At(this List<CommunicationEvent> events, string locator) =>
        Assert.Single(events, e => e.Source.Locator == locator);

    public static long Ms(this CommunicationEvent e) => e.Time.UnixMilliseconds;

    public static IEnumerable<Diagnostic> Of(this ReadContext context, DiagnosticSeverity severity) =>
        context.Diagnostics.Where(d => d.Severity == severity);
}
