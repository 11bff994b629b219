using EvidencePipe.Readers.Cdr;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Cdr;

public sealed class CdrSnifferTests
{
    public static TheoryData<string> Others() => AppExportTestFiles.OtherFixtures("cdr");

    [Theory]
    [InlineData("A.csv")]
    [InlineData("ego.csv")]
    [InlineData("A_orange.csv")]
    [InlineData("u_test.csv")]
    public void Bandicoot_layouts_are_recognised_by_content(string name) =>
        Assert.True(new CdrSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture("cdr", name))));

    [Fact]
    public void The_cell_table_is_not_a_cdr() =>
        Assert.False(new CdrSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture("cdr", "antennas.csv"))));

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_a_cdr(string relative) =>
        Assert.False(new CdrSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture(relative.Split('/')))));

    [Fact]
    public void A_custom_mapping_makes_its_layout_recognisable()
    {
        var mapping = new CdrMapping { Name = "x", Caller = CdrColumn.Named("from"), Callee = CdrColumn.Named("to"), Start = CdrColumn.Named("when"), StartFormats = ["unix"] };
        var head = "from,to,when\n07700900666,07700900001,1711848600\n"u8;

        Assert.True(new CdrSniffer([mapping]).Matches(head));
        Assert.False(new CdrSniffer().Matches(head));
    }
}
