using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>Reads real fixtures and hand-made chats (written to a temp folder) with the WhatsApp reader.</summary>
internal static class WhatsAppTestFiles
{
    public static string Fixture(string name) => RepoPaths.Fixture("whatsapp", name);

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(
        string path, CaseSettings? settings = null, WhatsAppReaderOptions? options = null)
    {
        var reader = options is null ? new WhatsAppTextReader() : new WhatsAppTextReader(options);
        var (records, context) = await ReaderHarness.ReadAllAsync(reader, path, settings);
        return (records.Cast<EventRecord>().Select(r => r.Event).ToList(), context);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) under <paramref name="fileName"/> and reads it.</summary>
    public static Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadTextAsync(
        TempDirectory dir, string fileName, string text, CaseSettings? settings = null, WhatsAppReaderOptions? options = null) =>
        ReadBytesAsync(dir, fileName, new UTF8Encoding(false).GetBytes(text), settings, options);

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadBytesAsync(
        TempDirectory dir, string fileName, byte[] bytes, CaseSettings? settings = null, WhatsAppReaderOptions? options = null)
    {
        var path = dir.Combine(fileName);
        await File.WriteAllBytesAsync(path, bytes);
        return await ReadAsync(path, settings, options);
    }

    public static CommunicationEvent At(this List<CommunicationEvent> events, int line) =>
        events.Single(e => e.Source.Locator == $"line {line}");

    public static CaseSettings WithOwner(string identifier) =>
        CaseSettings.Default with { Owners = new HashSet<string>(StringComparer.Ordinal) { identifier } };

    public static DateTimeOffset Utc(string iso) =>
        DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
