using System.Diagnostics;

namespace EvidencePipe.TestSupport;

/// <summary>
/// Hostile zip containers written by Python's zipfile (scripts/hostile-zips.py: bombs, nested and duplicated
/// names, traversal, a truncated archive, a database inside a zip) and Python as the oracle of what they hold.
/// </summary>
public static class HostileZips
{
    /// <summary>Writes every hostile archive into <paramref name="directory"/>.</summary>
    public static void Write(string directory) =>
        Python(null, Path.Combine(RepoPaths.Root, "scripts", "hostile-zips.py"), directory, "--repo", RepoPaths.Root);

    /// <summary>Runs python3 with <paramref name="code"/> (<c>-c</c>) or a script, returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Python(string? code, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (code is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(code);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 exited {process.ExitCode}: {error.Result}");
        }

        return output;
    }
}
