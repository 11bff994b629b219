using System.Diagnostics;

namespace EvidencePipe.Cli.Tests;

/// <summary>Runs the built CLI as a separate process, for what in-process runs cannot vary (environment).</summary>
internal static class ProcessRunner
{
    public static async Task<CliRunner.Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "evidencepipe.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRunner.Run(process.ExitCode, await stdout, await stderr);
    }
}
