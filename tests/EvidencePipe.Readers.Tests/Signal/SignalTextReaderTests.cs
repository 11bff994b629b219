using EvidencePipe.Model;
using EvidencePipe.Readers.Signal;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Signal;

/// <summary>
/// Golden test against chat-miner's signal/target.json: its timestamps are the naive wall-clock times
/// of the file (dateutil), here placed in Europe/London (GMT in December and January, so UTC equals them).
/// </summary>
public sealed class SignalTextReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Chat_miners_signal_export_yields_both_messages()
    {
        var (events, context) = await ReadAsync(new SignalTextReader(), RepoPaths.Fixture("signal", "test_export.txt"));

        Assert.Empty(context.Diagnostics);
        Assert.Equal(["line 1", "line 2"], events.Select(e => e.Source.Locator));
        var jane = events.At("line 1");
        Assert.Equal(("name:Jane Doe", "Hello John!"), (jane.From, jane.Text));
        Assert.Equal(Utc("2019-12-24T12:23:00"), jane.Time.Utc);
        Assert.Equal((TimeBasis.NaiveLocal, Channels.Signal), (jane.Time.Basis, jane.Channel));
        Assert.Equal(["name:John Doe"], jane.To);

        // chat-miner flattens the continuation line into "Hello Jane!"; the line break is kept here.
        var john = events.At("line 2");
        Assert.Equal(("name:John Doe", "Hello\nJane!"), (john.From, john.Text));
        Assert.Equal(Utc("2020-01-17T21:49:00"), john.Time.Utc);
    }

    [Fact]
    public async Task An_owner_gives_directions()
    {
        var (events, _) = await ReadAsync(new SignalTextReader(), RepoPaths.Fixture("signal", "test_export.txt"), WithOwner("name:John Doe"));

        Assert.Equal([Direction.Incoming, Direction.Outgoing], events.Select(e => e.Direction));
    }

    [Fact]
    public async Task Preamble_impossible_dates_and_empty_files_are_reported()
    {
        var (events, context) = await ReadTextAsync(new SignalTextReader(), _dir, "chat.txt",
            "exported by someone\n[2020-13-01, 10:00] A: bad month\nlost continuation\n[2020-01-01, 10:00] A: ok\n[2020-01-01, 10:01] joined the group\n");

        Assert.Equal(["line 4", "line 5"], events.Select(e => e.Source.Locator));
        Assert.Null(events[1].From);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 1" && d.Severity == DiagnosticSeverity.Skipped);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 2" && d.Reason.Contains("impossible date", StringComparison.Ordinal));

        var (none, emptyContext) = await ReadBytesAsync(new SignalTextReader(), _dir, "empty.txt", []);
        Assert.Empty(none);
        Assert.Contains(emptyContext.Diagnostics, d => d.Reason.StartsWith("no Signal message header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Random_bytes_yield_no_event_and_diagnostics()
    {
        var bytes = new byte[30_000];
        new Random(9).NextBytes(bytes);

        var (events, context) = await ReadBytesAsync(new SignalTextReader(), _dir, "random.txt", bytes);

        Assert.Empty(events);
        Assert.NotEmpty(context.Diagnostics);
    }
}
