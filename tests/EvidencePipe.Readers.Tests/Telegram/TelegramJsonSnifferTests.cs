using EvidencePipe.Readers.Telegram;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Telegram;

public sealed class TelegramJsonSnifferTests
{
    public static TheoryData<string> Others() => AppExportTestFiles.OtherFixtures("telegram");

    [Theory]
    [InlineData("test_single_export.json")]
    [InlineData("test_batch_export.json")]
    [InlineData("synthetic/account_export.json")]
    public void Telegram_exports_are_recognised_by_content(string name) =>
        Assert.True(new TelegramJsonSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture("telegram", name))));

    [Fact]
    public void Chat_miners_expected_output_is_not_an_export() =>
        Assert.False(new TelegramJsonSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture("telegram", "target.json"))));

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_a_telegram_export(string relative) =>
        Assert.False(new TelegramJsonSniffer().Matches(ReaderHarness.Head(RepoPaths.Fixture(relative.Split('/')))));

    [Fact]
    public void An_account_export_whose_chats_lie_beyond_the_head_is_recognised_by_its_personal_information()
    {
        var head = "{\n \"about\": \"Here is the data you requested.\",\n \"personal_information\": {\n  \"user_id\": 5001,\n  \"first_name\": \"C\"\n },\n \"contacts\": {\"list\": ["u8.ToArray()
            .Concat(Enumerable.Repeat("{\"first_name\":\"X\",\"phone_number\":\"+4477009000\"},"u8.ToArray(), 400).SelectMany(b => b))
            .Take(8192)
            .ToArray();

        Assert.True(new TelegramJsonSniffer().Matches(head));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"messages\":[{\"sender_name\":\"A\",\"timestamp_ms\":1,\"content\":\"x\"}]}")]
    [InlineData("{\"messages\":[{\"type\":\"message\",\"text\":\"no date\"}]}")]
    [InlineData("[{\"type\":\"message\",\"date\":\"2018-12-05T10:39:10\"}]")]
    public void Lookalikes_are_not_recognised(string text) =>
        Assert.False(new TelegramJsonSniffer().Matches(System.Text.Encoding.UTF8.GetBytes(text)));
}
