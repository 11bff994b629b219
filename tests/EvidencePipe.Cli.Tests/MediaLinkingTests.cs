using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class MediaLinkingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_photo_on_the_phone_and_the_same_photo_sent_by_MMS_are_linked_by_SHA256()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var photo = RepoPaths.Fixture("images", "Apple iPhone 4.jpg");
        File.Copy(photo, Path.Combine(evidence, "IMG_0001.jpg"));
        var data = Convert.ToBase64String(await File.ReadAllBytesAsync(photo));
        await File.WriteAllTextAsync(Path.Combine(evidence, "sms.xml"),
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n" +
            "<mms date=\"1709331300000\" msg_box=\"1\" address=\"+447700900666\" m_type=\"132\" contact_name=\"Jordan Blake\">\n" +
            "<parts><part seq=\"0\" ct=\"image/jpeg\" name=\"IMG_0001.jpg\" cl=\"IMG_0001.jpg\" data=\"" + data + "\" /></parts>\n" +
            "<addrs><addr address=\"+447700900666\" type=\"137\" charset=\"106\" /></addrs>\n</mms>\n</smses>\n");
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var events = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var mms = events.Single(e => e.GetProperty("channel").GetString() == "mms");
        var media = events.Single(e => e.GetProperty("kind").GetString() == "media");
        Assert.Equal([media.GetProperty("id").GetString()], mms.GetProperty("linked_events").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal([mms.GetProperty("id").GetString()], media.GetProperty("linked_events").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task GeoJSON_has_one_point_feature_per_located_event_with_longitude_first()
    {
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("images"), "--case", _dir.Combine("case"));
        var jsonl = (await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("geo").ValueKind == JsonValueKind.Object).ToList();
        Assert.NotEmpty(jsonl);
        var run = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "geojson");
        Assert.Equal(0, run.ExitCode);
        var collection = run.Json;
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var features = collection.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(jsonl.Count, features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var coordinates = features[i].GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(jsonl[i].GetProperty("geo").GetProperty("lon").GetDouble(), coordinates[0].GetDouble());
            Assert.Equal(jsonl[i].GetProperty("geo").GetProperty("lat").GetDouble(), coordinates[1].GetDouble());
            Assert.Equal(jsonl[i].GetProperty("id").GetString(), features[i].GetProperty("properties").GetProperty("id").GetString());
        }
    }
}
