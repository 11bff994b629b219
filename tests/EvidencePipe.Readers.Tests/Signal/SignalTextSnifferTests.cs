using EvidencePipe.Readers.Signal;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Signal;

public sealed class SignalTextSnifferTests
{
    public static TheoryData<string> Others() => AppExportTestFiles.OtherFixtures("signal");

    [Fact]
    public void The_signal_export_is_recognised() =>
        Assert.True(new SignalTextSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture("signal", "test_export.txt"))));

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_a_signal_export(string relative) =>
        Assert.False(new SignalTextSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture(relative.Split('/')))));

    [Theory]
    [InlineData("[24.12.19, 12:23:45] Jane Doe: WhatsApp iOS")]
    [InlineData("[2019-12-24, 12:23:45] Jane Doe: with seconds")]
    [InlineData("2019-12-24, 12:23 - Jane Doe: Android style")]
    [InlineData("[2019-12-24, 12:23] no sender here")]
    public void Lookalikes_are_not_recognised(string line) =>
        Assert.False(new SignalTextSniffer().Matches(System.Text.Encoding.UTF8.GetBytes(line + "\n")));
}
