using System.Globalization;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests;

/// <summary>Shared helpers for the app-export reader tests (Telegram, Meta, CDR, Signal).</summary>
internal static class AppExportTestFiles
{
    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(
        IEvidenceReader reader, string path, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(reader, path, settings);
        return (records.Cast<EventRecord>().Select(r => r.Event).ToList(), context);
    }

    public static Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadTextAsync(
        IEvidenceReader reader, TempDirectory dir, string fileName, string text, CaseSettings? settings = null) =>
        ReadBytesAsync(reader, dir, fileName, new UTF8Encoding(false).GetBytes(text), settings);

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadBytesAsync(
        IEvidenceReader reader, TempDirectory dir, string fileName, byte[] bytes, CaseSettings? settings = null)
    {
        var path = dir.Combine(fileName);
        await File.WriteAllBytesAsync(path, bytes);
        return await ReadAsync(reader, path, settings);
    }

    public static CommunicationEvent At(this List<CommunicationEvent> events, string locator) =>
        events.Single(e => e.Source.Locator == locator);

    public static CaseSettings WithOwner(params string[] identifiers) =>
        CaseSettings.Default with { Owners = new HashSet<string>(identifiers, StringComparer.Ordinal) };

    public static DateTimeOffset Utc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Every real and synthetic fixture outside <paramref name="ownFolder"/>, for "does not match others" tests.</summary>
    public static TheoryData<string> OtherFixtures(params string[] ownFolders)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepoPaths.Fixtures, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepoPaths.Fixtures, path).Replace('\\', '/');
            if (!relative.EndsWith(".md", StringComparison.Ordinal) && !ownFolders.Contains(relative.Split('/')[0]))
            {
                data.Add(relative);
            }
        }

        return data;
    }
}
