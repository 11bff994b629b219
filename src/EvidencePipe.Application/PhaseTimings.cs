using System.Diagnostics;
using System.Globalization;

namespace EvidencePipe.Application;

/// <summary>
/// <c>EVIDENCEPIPE_TIMINGS=1</c>: one stderr line per phase of a command (wall and process CPU
/// milliseconds since the process started), to find the fixed costs of a short run — process start,
/// JIT, static initialisers, case creation, the index commit — without a profiler. Off by default:
/// nothing is measured or printed.
/// </summary>
public static class PhaseTimings
{
    public const string Variable = "EVIDENCEPIPE_TIMINGS";

    private static readonly bool s_enabled = Environment.GetEnvironmentVariable(Variable) is "1" or "true";
    private static TextWriter? s_output;

    public static void Start(TextWriter stderr)
    {
        if (s_enabled)
        {
            s_output = stderr;
            Mark("main");
        }
    }

    /// <summary>A line of its own (a stage's own measurements), printed only when timings are on.</summary>
    public static void Note(string line)
    {
        if (s_enabled && s_output is not null)
        {
            s_output.WriteLine("timing: " + line);
        }
    }

    public static void Mark(string phase)
    {
        if (!s_enabled || s_output is null)
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var wall = (DateTime.Now - process.StartTime).TotalMilliseconds;
        var cpu = process.TotalProcessorTime.TotalMilliseconds;
        s_output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {phase,-24} wall {wall,7:0} ms  cpu {cpu,7:0} ms"));
    }
}
