using System.Diagnostics;
using System.Text.Json;
using EvidencePipe.Store.Sqlite;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Commands that do not change evidence work on a write-protected case (issue 19, "Read-only cases"): the
/// store is opened read-only, nothing in the case changes, the results are those of a writable copy, and the
/// audit entry goes to the side log.
/// </summary>
public sealed class ReadOnlyCaseTests : IDisposable
{
    private const int Nobody = 65534;

    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        Chmod(_dir.Path, "u+w", recursive: true);
        _dir.Dispose();
    }

    [Fact]
    public async Task With_the_read_only_switch_every_reading_command_gives_a_writable_copys_output_and_leaves_the_case_byte_identical()
    {
        var (readOnly, writable) = await TwoCopiesAsync();
        var sideLog = _dir.Combine("side-audit.jsonl");
        var environment = new Dictionary<string, string> { [CaseStore.ReadOnlyVariable] = "1", [SideAuditLog.PathVariable] = sideLog };
        var before = CliRunner.HashTree(readOnly);
        string[][] commands =
        [
            ["search", "--json", "--limit", "500", "jordan"],
            ["contacts", "--json"],
            ["export", "--format", "jsonl"],
            ["export", "--format", "csv"],
            ["manifest"],
            ["verify", "--json"],
        ];

        foreach (var command in commands)
        {
            var ro = await ProcessRunner.RunAsync(environment, [command[0], "--case", readOnly, .. command[1..]]);
            var rw = await CliRunner.RunAsync([command[0], "--case", writable, .. command[1..]]);

            Assert.True(ro.ExitCode == 0, $"{command[0]}: {ro.Stderr}");
            Assert.Equal(rw.Stdout.Replace(writable, readOnly, StringComparison.Ordinal), ro.Stdout);
            Assert.Contains("opened read-only; audit entry recorded in " + sideLog, ro.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, CliRunner.HashTree(readOnly));
        var entries = File.ReadAllLines(sideLog).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(commands.Select(c => c[0]), entries.Select(e => e.GetProperty("command").GetString()));
        Assert.Equal(["--case", readOnly, "--json", "--limit", "500", "jordan"], entries[0].GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        Assert.All(entries, e => Assert.Equal(Path.GetFullPath(readOnly), e.GetProperty("case").GetString()));
        Assert.All(entries, e => Assert.Contains(CaseStore.ReadOnlyVariable, e.GetProperty("read_only").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_case_whose_files_and_directories_are_not_writable_is_searched_and_exported_by_a_user_who_cannot_write_it()
    {
        var (readOnly, writable) = await TwoCopiesAsync();
        Chmod(readOnly, "a-w", recursive: true);
        var before = CliRunner.HashTree(readOnly);
        var sideDir = _dir.Combine("side");
        Directory.CreateDirectory(sideDir);
        Chmod(sideDir, "a+rwx", recursive: false);
        var sideLog = Path.Combine(sideDir, "audit.jsonl");

        var search = await RunAsUnprivilegedAsync(sideLog, "search", "--case", readOnly, "--json", "--limit", "500", "jordan");
        var export = await RunAsUnprivilegedAsync(sideLog, "export", "--case", readOnly, "--format", "jsonl");
        var expectedSearch = await CliRunner.RunAsync("search", "--case", writable, "--json", "--limit", "500", "jordan");
        var expectedExport = await CliRunner.RunAsync("export", "--case", writable, "--format", "jsonl");

        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.True(expectedSearch.Json.GetProperty("total").GetInt32() > 0);
        Assert.Equal(expectedSearch.Stdout.Replace(writable, readOnly, StringComparison.Ordinal), search.Stdout);
        Assert.Equal(expectedExport.Stdout, export.Stdout);
        Assert.Contains("is not writable", search.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.HashTree(readOnly));
        Assert.Equal(["search", "export"], File.ReadAllLines(sideLog).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("command").GetString()));

        // Ingest needs to write: permission denied is exit 5 and one line naming the database, and the case is untouched.
        var ingest = await RunAsUnprivilegedAsync(sideLog, "ingest", RepoPaths.Fixture("sms_backup", "sms_small.xml"), "--case", readOnly, "--quiet");
        Assert.Equal(5, ingest.ExitCode);
        var line = Assert.Single(ingest.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"evidencepipe: {Path.Combine(readOnly, CaseStore.DatabaseFileName)}: ", line, StringComparison.Ordinal);
        Assert.True(line.Contains("no permission", StringComparison.Ordinal) || line.Contains("cannot be opened", StringComparison.Ordinal), line);
        Assert.Equal(before, CliRunner.HashTree(readOnly));
    }

    private async Task<(string ReadOnly, string Writable)> TwoCopiesAsync()
    {
        var original = _dir.Combine("original");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", original, "--owner", "07700900123", "--owner", "name:Alex", "--owner", "email:alex@example.org")).ExitCode);
        var readOnly = _dir.Combine("ro");
        var writable = _dir.Combine("rw");
        CliRunner.CopyTree(original, readOnly);
        CliRunner.CopyTree(original, writable);
        return (readOnly, writable);
    }

    /// <summary>
    /// As a user the mode bits bind: the test's own user when it is not root, else (CI runs as root, whom mode
    /// bits do not stop) the CLI as <c>nobody</c> through util-linux <c>setpriv</c>.
    /// </summary>
    private static async Task<CliRunner.Run> RunAsUnprivilegedAsync(string sideLog, params string[] args)
    {
        var environment = new Dictionary<string, string> { [SideAuditLog.PathVariable] = sideLog };
        if (Environment.UserName != "root")
        {
            return await ProcessRunner.RunAsync(environment, args);
        }

        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "dotnet", Path.Combine(AppContext.BaseDirectory, "evidencepipe.dll"), .. args])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[SideAuditLog.PathVariable] = sideLog;
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRunner.Run(process.ExitCode, await stdout, await stderr);
    }

    private static void Chmod(string path, string mode, bool recursive)
    {
        var start = new ProcessStartInfo("chmod") { UseShellExecute = false };
        if (recursive)
        {
            start.ArgumentList.Add("-R");
        }

        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
