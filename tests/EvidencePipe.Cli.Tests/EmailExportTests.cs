using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class EmailExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_email_event_carries_its_Message_ID_through_the_store_to_the_export()
    {
        // fixtures/email/mime4j-testmsgs/example.msg has "Message-Id: <1211726293.5772.10.camel@localhost>" (read off the raw file).
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("email", "mime4j-testmsgs", "example.msg"), "--case", _dir.Combine("case"));
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var e = JsonDocument.Parse(export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement;
        Assert.Equal("email", e.GetProperty("channel").GetString());
        Assert.Equal("<1211726293.5772.10.camel@localhost>", e.GetProperty("message_id").GetString());
    }
}
