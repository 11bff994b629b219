using System.Text;
using EvidencePipe.Readers.IosBackup;
using EvidencePipe.Readers.Tests.Fuzz;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.IosBackup;

/// <summary>
/// Property lists written by Python's plistlib (tools/make_ios_backup_fixture.py): the expected values are
/// the ones the script put in, and the binary objects built by hand below follow Apple's CFBinaryPList.c.
/// </summary>
public sealed class PropertyListTests
{
    private static string PlainFile(string name) => Path.Combine(BackupFixture.Plain, name);

    [Fact]
    public void A_binary_Manifest_plist_gives_its_top_level_booleans_and_strings()
    {
        var values = PropertyList.ReadTopLevel(PlainFile("Manifest.plist"));

        Assert.Equal(false, values["IsEncrypted"]);
        Assert.Equal(true, values["WasPasscodeSet"]);
        Assert.Equal("10.0", values["Version"]);
        Assert.Equal("24.0", values["SystemDomainsVersion"]);
        Assert.False(values.ContainsKey("Lockdown")); // a nested dictionary is skipped, not flattened
    }

    [Fact]
    public void The_encrypted_fixture_says_so()
    {
        Assert.Equal(true, PropertyList.ReadTopLevel(Path.Combine(BackupFixture.Encrypted, "Manifest.plist"))["IsEncrypted"]);
    }

    [Fact]
    public void An_XML_Info_plist_gives_its_strings_without_loading_Apples_DTD()
    {
        var values = PropertyList.ReadTopLevel(PlainFile("Info.plist"));

        Assert.Equal("Alex's iPhone", values["Device Name"]);
        Assert.Equal("iPhone12,1", values["Product Type"]);
        Assert.Equal("17.4", values["Product Version"]);
        Assert.Equal("+44 7700 900123", values["Phone Number"]);
    }

    [Fact]
    public void XML_integers_and_booleans_are_typed()
    {
        var xml = """<?xml version="1.0"?><plist version="1.0"><dict><key>A</key><integer>-42</integer><key>B</key><true/><key>C</key><array><string>x</string></array><key>D</key><string>d</string></dict></plist>""";

        var values = PropertyList.Parse(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(-42L, values["A"]);
        Assert.Equal(true, values["B"]);
        Assert.False(values.ContainsKey("C"));
        Assert.Equal("d", values["D"]);
    }

    [Fact]
    public void An_entity_bomb_in_an_XML_plist_is_refused_not_expanded()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <plist><dict><key>IsEncrypted</key><string>&d;&d;&d;&d;&d;&d;&d;&d;</string></dict></plist>
            """;

        Assert.Throws<InvalidDataException>(() => PropertyList.Parse(Encoding.UTF8.GetBytes(xml)));
    }

    [Fact]
    public void A_dictionary_that_refers_to_itself_is_read_once_without_recursion()
    {
        // objects: 0 = dict {1: 0} (its value is itself), 1 = ASCII "k"; offsets [8, 11]; trailer.
        byte[] plist = [.. "bplist00"u8, 0xD1, 0x01, 0x00, 0x51, (byte)'k', 8, 11, .. Trailer(offsetSize: 1, refSize: 1, objects: 2, top: 0, table: 13)];

        Assert.Empty(PropertyList.Parse(plist));
    }

    [Theory]
    [InlineData(1, 1, 2, 5, 13)] // top object beyond the object count
    [InlineData(1, 1, 2, 0, 400)] // offset table beyond the file
    [InlineData(9, 1, 2, 0, 13)] // offset size outside 1..8
    [InlineData(1, 1, 0x7FFFFFFFFFFF, 0, 13)] // object count far beyond the file
    public void A_trailer_that_does_not_fit_the_file_is_refused(int offsetSize, int refSize, long objects, long top, long table)
    {
        byte[] plist = [.. "bplist00"u8, 0xD1, 0x01, 0x00, 0x51, (byte)'k', 8, 11, .. Trailer(offsetSize, refSize, objects, top, table)];

        Assert.Throws<InvalidDataException>(() => PropertyList.Parse(plist));
    }

    [Fact]
    public void A_string_longer_than_the_file_is_refused()
    {
        // the key claims 0x7FFFFFFF characters through a long count (0x5F, then integer 0x12 + 4 bytes)
        byte[] plist = [.. "bplist00"u8, 0xD1, 0x01, 0x01, 0x5F, 0x12, 0x7F, 0xFF, 0xFF, 0xFF, 8, 11, .. Trailer(1, 1, 2, 0, 17)];

        Assert.Throws<InvalidDataException>(() => PropertyList.Parse(plist));
    }

    [Fact]
    public void Mutants_of_a_binary_plist_give_values_or_InvalidDataException_and_nothing_else()
    {
        var original = File.ReadAllBytes(PlainFile("Manifest.plist"));
        var mutator = new Mutator(FuzzCorpus.SeedFor("ios_backup/Manifest.plist"));
        for (var i = 0; i < FuzzCorpus.Iterations * 10; i++)
        {
            var mutant = mutator.Mutate(original);
            try
            {
                PropertyList.Parse(mutant);
            }
            catch (InvalidDataException)
            {
                // reported by the layout as "Manifest.plist could not be read"
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutant {i} ({mutator.Describe}): {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static byte[] Trailer(int offsetSize, int refSize, long objects, long top, long table)
    {
        var trailer = new byte[32];
        trailer[6] = (byte)offsetSize;
        trailer[7] = (byte)refSize;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(trailer.AsSpan(8), objects);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(trailer.AsSpan(16), top);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(trailer.AsSpan(24), table);
        return trailer;
    }
}
