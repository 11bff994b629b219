using System.Diagnostics;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>Runs the built CLI (evidencepipe.dll beside the tests) as a child process, as a lab workstation runs it.</summary>
internal static class Cli
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    // A guard against a hung child, not a timing.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static Task<Run> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
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

        // Nothing of the test host's leaks in: no armed fault point, no store variable, one culture.
        start.Environment.Remove(Pipeline.FaultPoint.Variable);
        start.Environment.Remove(StoreConnection.DefaultVariable);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(guard.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
