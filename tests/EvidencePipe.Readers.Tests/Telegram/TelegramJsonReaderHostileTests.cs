using System.Text;
using EvidencePipe.Readers.Telegram;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Telegram;

/// <summary>Damaged and hostile input: nothing escapes the reader, nothing vanishes unreported.</summary>
public sealed class TelegramJsonReaderHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_empty_file_yields_nothing_and_says_so()
    {
        var (events, context) = await ReadBytesAsync(new TelegramJsonReader(), _dir, "empty.json", []);

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains("no Telegram messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Random_bytes_stop_reading_with_a_skipped_diagnostic()
    {
        var bytes = new byte[100_000];
        new Random(11).NextBytes(bytes);

        var (events, context) = await ReadBytesAsync(new TelegramJsonReader(), _dir, "random.json", bytes);

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped && d.Reason.StartsWith("reading stopped: JSON damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_cut_inside_the_second_message_keeps_the_first_and_reports_where_it_stopped()
    {
        var original = await File.ReadAllBytesAsync(RepoPaths.Fixture("telegram", "test_single_export.json"));
        var cut = Encoding.UTF8.GetString(original).IndexOf("\"Link:\"", StringComparison.Ordinal);

        var (events, context) = await ReadBytesAsync(new TelegramJsonReader(), _dir, "cut.json", original[..cut]);

        Assert.Equal(["messages[0]"], events.Select(e => e.Source.Locator));
        var stop = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.StartsWith("byte ", stop.Locator, StringComparison.Ordinal);
        Assert.Equal(1, context.Skipped);
    }

    [Fact]
    public async Task A_message_without_any_time_is_skipped_and_its_neighbours_are_kept()
    {
        const string json = """{"messages":[{"id":1,"type":"message","from":"A","text":"no time"},"not an object",{"id":3,"type":"message","date_unixtime":"1700000000","from":"B","text":"ok"}]}""";

        var (events, context) = await ReadTextAsync(new TelegramJsonReader(), _dir, "result.json", json);

        Assert.Equal("messages[2] id=3", Assert.Single(events).Source.Locator);
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[0] id=1" && d.Reason.StartsWith("no readable time", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "messages[1]" && d.Reason.Contains("not an object", StringComparison.Ordinal));
        Assert.Equal(2, context.Skipped);
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_is_skipped_without_being_buffered()
    {
        var huge = new string('x', 200_000);
        var json = "{\"messages\":[{\"id\":1,\"type\":\"message\",\"date_unixtime\":\"1700000000\",\"from\":\"A\",\"text\":[\"" + string.Join("\",\"", Enumerable.Repeat(huge[..1000], 200)) + "\"]},"
            + "{\"id\":2,\"type\":\"message\",\"date_unixtime\":\"1700000001\",\"from\":\"B\",\"text\":\"after\"}]}";

        var (events, context) = await ReadTextAsync(new TelegramJsonReader(maxMessageBytes: 64 * 1024), _dir, "result.json", json);

        Assert.Equal("after", Assert.Single(events).Text);
        Assert.Contains(context.Diagnostics, d => d.Locator.StartsWith("messages[0] byte ", StringComparison.Ordinal) && d.Reason.Contains("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_message_skips_only_that_message()
    {
        byte[] bytes =
        [
            .. "{\"messages\":[{\"id\":1,\"type\":\"message\",\"date_unixtime\":\"1700000000\",\"from\":\"A\",\"text\":\"caf"u8,
            0xC3, 0x28,
            .. "\"},{\"id\":2,\"type\":\"message\",\"date_unixtime\":\"1700000001\",\"from\":\"B\",\"text\":\"fine\"}]}"u8,
        ];

        var (events, context) = await ReadBytesAsync(new TelegramJsonReader(), _dir, "result.json", bytes);

        Assert.Equal("fine", Assert.Single(events).Text);
        var skipped = Assert.Single(context.Diagnostics);
        Assert.Equal(("messages[0] id=1", DiagnosticSeverity.Skipped), (skipped.Locator, skipped.Severity));
    }

    [Fact]
    public async Task A_json_array_at_the_root_is_reported_as_holding_no_messages()
    {
        var (events, context) = await ReadBytesAsync(new TelegramJsonReader(), _dir, "target.json", await File.ReadAllBytesAsync(RepoPaths.Fixture("telegram", "target.json")));

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Locator == "file" && d.Reason.Contains("no Telegram messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var path = RepoPaths.Fixture("telegram", "test_single_export.json");
        var source = new EvidenceSource(path, "test_single_export.json", new FileInfo(path).Length, new string('0', 64), TelegramJsonReader.FormatName);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new TelegramJsonReader().ReadAsync(source, new ReadContext(source, CaseSettings.Default), cts.Token))
            {
            }
        });
    }
}
