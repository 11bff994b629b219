using EvidencePipe.Readers.Meta;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Meta;

/// <summary>Tests <see cref="MessengerJsonSniffer"/> and <see cref="InstagramJsonSniffer"/> together: they split one content test.</summary>
public sealed class MetaSnifferTests
{
    public static TheoryData<string> Others() => AppExportTestFiles.OtherFixtures("meta");

    [Theory]
    [InlineData("instagram_test_export.json", true, false)]
    [InlineData("synthetic/messenger_message_1.json", true, false)]
    [InlineData("synthetic/instagram_message_1.json", true, true)]
    public void Meta_conversations_are_recognised_and_instagram_ones_by_their_media_paths(string name, bool messenger, bool instagram)
    {
        var head = ReaderHarness.Head(RepoPaths.Fixture(["meta", .. name.Split('/')]));

        Assert.Equal((messenger, instagram), (new MessengerJsonSniffer().Matches(head), new InstagramJsonSniffer().Matches(head)));
    }

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_a_meta_conversation(string relative)
    {
        var head = ReaderHarness.Head(RepoPaths.Fixture(relative.Split('/')));

        Assert.False(new MessengerJsonSniffer().Matches(head) || new InstagramJsonSniffer().Matches(head));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"messages\":[]}")]
    [InlineData("{\"messages\":[{\"sender_name\":\"A\",\"content\":\"no time\"}]}")]
    [InlineData("[{\"sender_name\":\"A\",\"timestamp_ms\":1}]")]
    [InlineData("{\"participants\":[{\"name\":\"A\"}],\"sender_name\":\"A\",\"timestamp_ms\":1}")]
    public void Lookalikes_are_not_recognised(string text) =>
        Assert.False(new MessengerJsonSniffer().Matches(System.Text.Encoding.UTF8.GetBytes(text)));
}
