using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

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
}
