using System.Globalization;
using EvidencePipe.Pipeline;
using Spectre.Console;

namespace EvidencePipe.Cli;

/// <summary>
/// Ingest progress on stderr: on a terminal a progress bar (Spectre.Console) over the bytes read of all
/// bytes, with sources, events, rate and ETA beside it; when stderr is a file or pipe (lab batch logs,
/// CI) a plain <c>progress:</c> line every few seconds. The ETA follows the work done inside sources
/// (<see cref="IngestProgress.EstimatedRemaining"/>), not the count of sources finished.
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private readonly Func<IngestProgress> _snapshot;
    private readonly TextWriter _stderr;
    private readonly bool _tty;
    // Stopped by disposing it: WaitForNextTickAsync then returns false. (Cancelling a token instead threw an
    // OperationCanceledException at the end of every ingest: a process's first exception costs milliseconds of CPU.)
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public ProgressReporter(Func<IngestProgress> snapshot, TextWriter stderr, bool tty)
    {
        _snapshot = snapshot;
        _stderr = stderr;
        _tty = tty;
        _timer = new PeriodicTimer(tty ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5));
        _loop = Task.Run(tty ? new Func<Task>(BarAsync) : LinesAsync);
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

    private async Task LinesAsync()
    {
        while (await _timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            await _stderr.WriteLineAsync("progress: " + Format(_snapshot())).ConfigureAwait(false);
            await _stderr.FlushAsync().ConfigureAwait(false);
        }
    }

    private async Task BarAsync()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_stderr),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        await console.Progress()
            .AutoClear(true)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(string.Empty, autoStart: true, maxValue: 100);
                do
                {
                    var p = _snapshot();
                    task.Value = (p.Fraction ?? 0) * 100;

                    // Descriptions are Spectre markup; the line is text.
                    task.Description = Markup.Escape(Format(p));
                    context.Refresh();
                }
                while (await _timer.WaitForNextTickAsync().ConfigureAwait(false)); // false once stopped: the bar is cleared when the display ends
            }).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop.ConfigureAwait(false);
    }
}
