using EvidencePipe.Readers.Meta;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Meta;

/// <summary>Damaged and hostile input: nothing escapes the reader, nothing vanishes unreported.</summary>
public sealed class MetaMessagesReaderHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_empty_file_yields_nothing_and_says_so()
    {
        var (events, context) = await ReadBytesAsync(new MetaMessagesReader(MetaPlatform.Messenger), _dir, "message_1.json", []);

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Reason.StartsWith("no messages found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Random_bytes_stop_reading_with_a_skipped_diagnostic()
    {
        var bytes = new byte[50_000];
        new Random(5).NextBytes(bytes);

        var (events, context) = await ReadBytesAsync(new MetaMessagesReader(MetaPlatform.Instagram), _dir, "message_1.json", bytes);

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Reason.StartsWith("reading stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_cut_after_the_first_message_keeps_it_and_reports_the_cut()
    {
        var text = await File.ReadAllTextAsync(RepoPaths.Fixture("meta", "synthetic", "messenger_message_1.json"));
        var cut = text.IndexOf("\"photos\"", StringComparison.Ordinal);

        var (events, context) = await ReadTextAsync(new MetaMessagesReader(MetaPlatform.Messenger), _dir, "message_1.json", text[..cut]);

        Assert.Equal("messages[0]", Assert.Single(events).Source.Locator);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Locator.StartsWith("byte ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_without_a_time_or_sender_are_reported_and_the_rest_kept()
    {
        const string json = """
            {"messages":[
              {"sender_name":"A","content":"no time"},
              {"timestamp_ms":1700000000000,"content":"no sender"},
              {"sender_name":"B","timestamp_ms":1700000000,"content":"seconds"},
              42
            ]}
            """;

        var (events, context) = await ReadTextAsync(new MetaMessagesReader(MetaPlatform.Messenger), _dir, "message_1.json", json);

        Assert.Equal(["messages[1]", "messages[2]"], events.Select(e => e.Source.Locator));
        Assert.Null(events[0].From);
        Assert.Equal(Utc("2023-11-14T22:13:20"), events[1].Time.Utc);
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[0]" && d.Severity == DiagnosticSeverity.Skipped);
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[1]" && d.Severity == DiagnosticSeverity.Recovered);
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[2]" && d.Reason.Contains("read as seconds", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[3]" && d.Severity == DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task Invalid_utf8_in_one_message_skips_only_that_message()
    {
        byte[] bytes =
        [
            .. "{\"messages\":[{\"sender_name\":\"A\",\"timestamp_ms\":1700000000000,\"content\":\"x"u8,
            0xFF,
            .. "\"},{\"sender_name\":\"B\",\"timestamp_ms\":1700000001000,\"content\":\"fine\"}]}"u8,
        ];

        var (events, context) = await ReadBytesAsync(new MetaMessagesReader(MetaPlatform.Messenger), _dir, "message_1.json", bytes);

        Assert.Equal("fine", Assert.Single(events).Text);
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[0]" && d.Severity == DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task A_telegram_export_handed_to_this_reader_yields_no_events_but_diagnostics()
    {
        var bytes = await File.ReadAllBytesAsync(RepoPaths.Fixture("telegram", "test_single_export.json"));

        var (events, context) = await ReadBytesAsync(new MetaMessagesReader(MetaPlatform.Messenger), _dir, "result.json", bytes);

        Assert.Empty(events);
        Assert.Equal(2, context.Skipped);
        Assert.All(context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Skipped), d => Assert.Contains("timestamp", d.Reason, StringComparison.Ordinal));
    }
}
