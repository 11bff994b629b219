using System.Globalization;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Media;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>Reads media fixtures with <see cref="MediaReader"/> and exiftool's committed reading of them.</summary>
internal static class MediaTestFiles
{
    public static string Fixture(string name) => RepoPaths.Fixture("images", name);

    public static string Synthetic(string name) => RepoPaths.Fixture("images", "synthetic", name);

    public static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(string path, CaseSettings? settings = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new MediaReader(), path, settings);
        return (records.Cast<EventRecord>().Select(r => r.Event).ToList(), context);
    }

    public static async Task<(CommunicationEvent Event, ReadContext Context)> ReadOneAsync(string path, CaseSettings? settings = null)
    {
        var (events, context) = await ReadAsync(path, settings);
        return (Assert.Single(events), context);
    }

    /// <summary>exiftool's tags for one file, from <c>exiftool.json</c> written by tools/images_golden.sh.</summary>
    public static ExifToolRecord ExifTool(string folder, string fileName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "exiftool.json")));
        foreach (var element in doc.RootElement.EnumerateArray())
        {
            if (Path.GetFileName(element.GetProperty("SourceFile").GetString()) == fileName)
            {
                return new ExifToolRecord(element.Clone());
            }
        }

        throw new InvalidOperationException($"{fileName} is not in {folder}/exiftool.json: rerun tools/images_golden.sh");
    }

    public static IEnumerable<string> ExifToolFiles(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "exiftool.json")));
        return doc.RootElement.EnumerateArray().Select(e => Path.GetFileName(e.GetProperty("SourceFile").GetString()!)).ToList();
    }
}

/// <summary>One file's entry in exiftool's <c>-json -n -G</c> output.</summary>
internal sealed class ExifToolRecord(JsonElement element)
{
    public string? String(string tag) =>
        element.TryGetProperty(tag, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    /// <summary>A number; exiftool writes an empty string for a tag present without a value.</summary>
    public double? Number(string tag) =>
        element.TryGetProperty(tag, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>An exiftool date (<c>2011:05:06 07:59:48Z</c>, <c>…44.823+02:00</c>, <c>2019-09-02T14:45:37+00:00</c>) with its offset.</summary>
    public DateTimeOffset? Instant(string tag)
    {
        var s = String(tag);
        if (s is null)
        {
            return null;
        }

        var iso = s.Length >= 10 ? string.Concat(s[..10].Replace(':', '-'), "T", s[11..]) : s;
        return DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>A date exiftool shows without offset, as a wall-clock time.</summary>
    public DateTime? Local(string tag)
    {
        var s = String(tag);
        return s is null ? null : DateTime.ParseExact(s[..19].Replace(' ', 'T'), "yyyy:MM:dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            .Add(s.Length > 20 && s[19] == '.' ? TimeSpan.FromSeconds(double.Parse("0" + s[19..], CultureInfo.InvariantCulture)) : TimeSpan.Zero);
    }
}
