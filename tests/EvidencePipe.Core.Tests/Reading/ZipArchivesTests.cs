using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Core.Tests.Reading;

/// <summary>
/// The run's open archives (issue 19, item 6): each central directory read once however many entries are read,
/// two entries of one name told apart by index, a zip inside a zip read by its path — Python's zipfile the oracle
/// of what each archive holds.
/// </summary>
public sealed class ZipArchivesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(5_000)]
    public void Reading_every_entry_of_an_archive_reads_its_central_directory_once_whatever_the_entry_count(int entries)
    {
        var zip = _dir.Combine($"many-{entries}.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            for (var i = 0; i < entries; i++)
            {
                using var writer = new StreamWriter(archive.CreateEntry($"dir/entry{i:D6}.txt").Open());
                writer.Write($"content of entry {i}");
            }
        }

        using var archives = new ZipArchives();
        var listing = archives.List(zip);
        Assert.Equal(entries, listing.Count);
        foreach (var entry in listing)
        {
            using var stream = archives.OpenEntry(zip, entry.Segment);
            using var reader = new StreamReader(stream);
            Assert.Equal($"content of entry {int.Parse(entry.Name[9..15], System.Globalization.CultureInfo.InvariantCulture)}", reader.ReadToEnd());
        }

        // The old reader re-read the directory per entry: entries + 1 reads, quadratic work in all.
        Assert.Equal(1, archives.DirectoryReads);
    }

    [Fact]
    public void Two_entries_with_one_name_are_told_apart_by_their_index_and_read_their_own_bytes()
    {
        HostileZips.Write(_dir.Path);
        var zip = _dir.Combine("duplicates.zip");
        // Python's view: every entry's index, name and text.
        var oracle = JsonSerializer.Deserialize<List<JsonElement>>(HostileZips.Python(
            "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i,e.filename,z.open(e).read().decode()] for i,e in enumerate(z.infolist())]))", zip))!;

        using var archives = new ZipArchives();
        var listing = archives.List(zip);
        Assert.Equal(oracle.Select(o => (o[0].GetInt32(), o[1].GetString()!)), listing.Select(l => (l.Index, l.Name)));
        Assert.Equal(["#0/card.vcf", "unique.vcf", "#2/card.vcf"], listing.Select(l => l.Segment));
        foreach (var (entry, expected) in listing.Zip(oracle))
        {
            using var reader = new StreamReader(archives.OpenEntry(zip, entry.Segment), Encoding.UTF8);
            Assert.Equal(expected[2].GetString(), reader.ReadToEnd());
        }

        // A locator written before duplicates were told apart (the bare name) still opens: the first of the name.
        using var bare = new StreamReader(archives.OpenEntry(zip, "card.vcf"));
        Assert.Equal(oracle[0][2].GetString(), bare.ReadToEnd());
        Assert.Equal(1, archives.DirectoryReads);
    }

    [Fact]
    public void An_entry_of_a_zip_inside_a_zip_is_read_by_its_path_and_each_archive_is_read_once()
    {
        HostileZips.Write(_dir.Path);
        var zip = _dir.Combine("nested-ok.zip");
        var expected = HostileZips.Python(
            "import io,sys,zipfile\ninner=zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(sys.argv[1]).read('inner.zip')))\nsys.stdout.write(inner.read('nested.vcf').decode())", zip);

        using var archives = new ZipArchives();
        Assert.Equal(["db/mmssms.db", "nested.vcf"], archives.List(zip, "inner.zip").Select(l => l.Name).Order(StringComparer.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            using var reader = new StreamReader(archives.OpenEntry(zip, "inner.zip!/nested.vcf"));
            Assert.Equal(expected, reader.ReadToEnd());
        }

        Assert.Equal(2, archives.DirectoryReads); // the outer archive and the inner one
    }

    [Theory]
    [InlineData(true, 3)]  // room for both copies: each archive read once
    [InlineData(false, 4)] // room for one: the first copy is dropped when the second goes idle, and read again
    public void Idle_copies_of_nested_zips_are_kept_within_the_nested_limit(bool roomForBoth, int expectedReads)
    {
        long innerLength = 0;
        var zip = _dir.Combine("two-inner.zip");
        using (var outer = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "a", "b" })
            {
                var inner = new MemoryStream();
                using (var archive = new ZipArchive(inner, ZipArchiveMode.Create, leaveOpen: true))
                using (var writer = new StreamWriter(archive.CreateEntry("x.txt").Open()))
                {
                    writer.Write(name);
                }

                var entry = outer.CreateEntry(name + ".zip", CompressionLevel.NoCompression);
                using var output = entry.Open();
                output.Write(inner.ToArray());
                innerLength = inner.Length; // both the same size: one entry of one byte
            }
        }

        using var archives = new ZipArchives { MaxNestedArchiveBytes = roomForBoth ? 1 << 20 : innerLength * 3 / 2 };
        foreach (var path in new[] { "a.zip!/x.txt", "b.zip!/x.txt", "a.zip!/x.txt" })
        {
            using var reader = new StreamReader(archives.OpenEntry(zip, path));
            Assert.Equal(path[..1], reader.ReadToEnd());
        }

        Assert.Equal(expectedReads, archives.DirectoryReads);
    }

    [Fact]
    public void A_nested_zip_larger_than_the_memory_limit_is_refused_with_a_reason()
    {
        HostileZips.Write(_dir.Path);
        using var archives = new ZipArchives { MaxNestedArchiveBytes = 1_000 };
        var refused = Assert.Throws<InvalidDataException>(() => archives.List(_dir.Combine("nested-ok.zip"), "inner.zip"));
        Assert.Contains("larger than the 1000 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_that_is_not_in_the_archive_is_reported_missing()
    {
        HostileZips.Write(_dir.Path);
        using var archives = new ZipArchives();
        Assert.Throws<FileNotFoundException>(() => archives.OpenEntry(_dir.Combine("duplicates.zip"), "#1/card.vcf")); // index 1 is unique.vcf
        Assert.Throws<FileNotFoundException>(() => archives.OpenEntry(_dir.Combine("duplicates.zip"), "nothing.vcf"));
    }
}
