using System.Globalization;
using EvidencePipe.Pipeline;

namespace EvidencePipe.Cli;

/// <summary>
/// Ingest progress on stderr: a single redrawn line on a terminal (sources done/total, events,
/// events/s, ETA), or a plain line every few seconds when stderr is a file or pipe (lab batch logs).
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private readonly Func<IngestProgress> _snapshot;
    private readonly TextWriter _stderr;
    private readonly bool _tty;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(Func<IngestProgress> snapshot, TextWriter stderr, bool tty)
    {
        _snapshot = snapshot;
        _stderr = stderr;
        _tty = tty;
        _loop = Task.Run(LoopAsync);
    }

    public static string Format(IngestProgress p)
    {
        var total = p.DiscoveryComplete ? p.SourcesDiscovered.ToString(CultureInfo.InvariantCulture) : p.SourcesDiscovered + "+";
        var eta = p.EstimatedRemaining is { } r ? FormatDuration(r) : "…";
        return string.Create(CultureInfo.InvariantCulture,
            $"sources {p.SourcesDone}/{total}  events {p.EventsRead:N0}  {p.EventsPerSecond:N0} events/s  elapsed {FormatDuration(p.Elapsed)}  ETA {eta}");
    }

    private static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private async Task LoopAsync()
    {
        var interval = _tty ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var line = Format(_snapshot());
                if (_tty)
                {
                    await _stderr.WriteAsync("\r\u001b[2K" + line).ConfigureAwait(false);
                }
                else
                {
                    await _stderr.WriteLineAsync("progress: " + line).ConfigureAwait(false);
                }

                await _stderr.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_tty)
        {
            await _stderr.WriteAsync("\r\u001b[2K").ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
