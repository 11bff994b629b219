using System.IO.Compression;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class ZipContainerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<JsonElement> Export(CliRunner.Run run) =>
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task Entries_are_read_in_place_and_give_the_same_events_as_the_loose_files()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        ZipFile.CreateFromDirectory(RepoPaths.Fixture("demo"), Path.Combine(evidence, "phone-export.zip"));
        var before = CliRunner.HashTree(evidence);

        var zipped = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("zipcase"), "--json");
        Assert.Equal(0, zipped.ExitCode);
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", _dir.Combine("plain"));
        var fromZip = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("zipcase"), "--format", "jsonl"));
        var fromFiles = Export(await CliRunner.RunAsync("export", "--case", _dir.Combine("plain"), "--format", "jsonl"));

        Assert.Equal(fromFiles.Select(e => e.GetProperty("id").GetString()), fromZip.Select(e => e.GetProperty("id").GetString()));
        Assert.All(fromZip, e => Assert.StartsWith("phone-export.zip!/", e.GetProperty("source").GetProperty("path").GetString(), StringComparison.Ordinal));
        Assert.Equal(before, CliRunner.HashTree(evidence)); // nothing extracted or changed beside the evidence
    }

    [Fact]
    public async Task Verify_rehashes_entries_and_fails_when_the_archive_changes()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var zip = Path.Combine(evidence, "export.zip");
        ZipFile.CreateFromDirectory(RepoPaths.Fixture("demo"), zip);
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"))).ExitCode);

        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry("contacts.vcf")!;
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("contacts.vcf").Open());
            writer.Write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Else\r\nEND:VCARD\r\n");
        }

        var run = await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("export.zip!/contacts.vcf", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_that_climb_out_of_the_archive_or_look_like_bombs_are_refused_with_diagnostics()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var zip = Path.Combine(evidence, "hostile.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "../../escape.vcf", "BEGIN:VCARD\r\nFN:X\r\nEND:VCARD\r\n");
            Write(archive, "/etc/absolute.vcf", "BEGIN:VCARD\r\nFN:X\r\nEND:VCARD\r\n");
            Write(archive, "bomb.txt", new string('0', 8 << 20));
            Write(archive, "ok/contacts.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fine\r\nTEL:07700900111\r\nEND:VCARD\r\n");
        }

        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("hostile.zip @ entry ../../escape.vcf: skipped: entry path is absolute or climbs out", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hostile.zip @ entry /etc/absolute.vcf: skipped", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hostile.zip @ entry bomb.txt: skipped: compression ratio", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("formats: vcard 1", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("escape.vcf")));
    }

    [Fact]
    public async Task A_damaged_archive_is_reported_and_the_batch_continues()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        await File.WriteAllBytesAsync(Path.Combine(evidence, "broken.zip"), [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5]);
        File.Copy(RepoPaths.Fixture("vcard", "rfc6350-example.vcf"), Path.Combine(evidence, "card.vcf"));
        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(1, run.Json.GetProperty("formats").GetProperty("vcard").GetInt32());
    }

    /// <summary>
    /// Python's zipfile walks the same archives under the rules the README gives (issue 19): entries in directory
    /// order, a duplicated name as <c>#index/name</c>, a zip inside a zip expanded down to 4 archives, entries that
    /// climb out or expand more than 200-fold past 1 MiB refused. Its list of read entries (path and SHA-256) is the oracle.
    /// </summary>
    private const string Oracle = """
        import hashlib, io, json, os, sys, zipfile
        out = {}
        def walk(data, path, depth):
            z = zipfile.ZipFile(io.BytesIO(data))
            infos = z.infolist()
            names = [i.filename for i in infos]
            for index, info in enumerate(infos):
                name = info.filename
                if name.endswith('/') and info.file_size == 0: continue
                if name.startswith('/') or '..' in name.replace('\\', '/').split('/'): continue
                if info.file_size >= 1 << 20 and info.compress_size > 0 and info.file_size / info.compress_size > 200: continue
                segment = f'#{index}/{name}' if names.count(name) > 1 else name
                body = z.open(info).read()
                if body[:4] == b'PK\x03\x04':
                    if depth < 4: walk(body, path + '!/' + segment, depth + 1)
                    continue
                out[path + '!/' + segment] = hashlib.sha256(body).hexdigest()
        root = sys.argv[1]
        for f in sorted(os.listdir(root)):
            try: walk(open(os.path.join(root, f), 'rb').read(), f, 1)
            except zipfile.BadZipFile: pass
        print(json.dumps(out, sort_keys=True))
        """;

    [Fact]
    public async Task Hostile_archives_give_diagnostics_and_every_other_entry_nested_or_duplicated_is_read_as_python_lists_it()
    {
        var evidence = _dir.Combine("evidence");
        HostileZips.Write(evidence);
        var expected = JsonSerializer.Deserialize<SortedDictionary<string, string>>(HostileZips.Python(Oracle, evidence))!;
        var before = CliRunner.HashTree(evidence);

        var run = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));

        Assert.Equal(2, run.ExitCode); // diagnostics, and the run went on to the end
        Assert.Contains("bomb.zip @ entry zeros.bin: skipped: compression ratio", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("nested-bomb.zip!/inner/bomb.zip @ entry zeros.bin: skipped: compression ratio", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("deep.zip!/level1.zip!/level2.zip!/level3.zip!/level4.zip @ entry: skipped: a zip nested more than 4 archives deep is not expanded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("traversal.zip @ entry ../../escape.vcf: skipped", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("truncated.zip @ central directory: skipped: not a readable zip archive", run.Stdout, StringComparison.Ordinal);

        // Every entry Python reads is a source of the case, with the same bytes; the duplicates apart by index, unique names as before.
        var read = ReadSources(_dir.Combine("case"))
            .Where(s => s.Path.Contains("!/", StringComparison.Ordinal) && s.Status is "complete" or "partial")
            .ToDictionary(s => s.Path, s => s.Sha256, StringComparer.Ordinal);
        Assert.Equal(expected, new SortedDictionary<string, string>(read, StringComparer.Ordinal));
        Assert.Contains("duplicates.zip!/#0/card.vcf", expected.Keys);
        Assert.Contains("duplicates.zip!/#2/card.vcf", expected.Keys);
        Assert.Contains("duplicates.zip!/unique.vcf", expected.Keys);
        Assert.NotEqual(expected["duplicates.zip!/#0/card.vcf"], expected["duplicates.zip!/#2/card.vcf"]);
        Assert.Equal(before, CliRunner.HashTree(evidence));

        // verify re-reads each entry, nested and duplicated ones included, and finds every hash.
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--case", _dir.Combine("case"))).ExitCode);
    }

    private static List<(string Path, string Status, string Sha256)> ReadSources(string caseDir)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(caseDir, "case.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT path, status, sha256 FROM sources";
        using var reader = command.ExecuteReader();
        var list = new List<(string, string, string)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return list;
    }

    private static void Write(ZipArchive archive, string name, string content)
    {
        using var writer = new StreamWriter(archive.CreateEntry(name, CompressionLevel.Optimal).Open());
        writer.Write(content);
    }
}
