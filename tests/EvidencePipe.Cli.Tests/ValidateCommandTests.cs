using System.Text.Json;
using System.Text.Json.Nodes;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Reference => RepoPaths.Fixture("validation", "reference.json");

    [Fact]
    public async Task The_bundled_reference_set_passes_and_the_report_says_so()
    {
        var report = _dir.Combine("validation.json");

        var run = await CliRunner.RunAsync("validate", "--out", report);

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(File.ReadAllText(report)).RootElement;
        Assert.Equal("PASS", json.GetProperty("verdict").GetString());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        Assert.True(json.GetProperty("passed").GetInt32() >= 50);
        Assert.Equal(Path.GetFullPath(Reference), json.GetProperty("reference_path").GetString());
        foreach (var name in new[] { "tool_version", "dotnet", "os", "run_utc", "reference_sha256" })
        {
            Assert.False(string.IsNullOrEmpty(json.GetProperty(name).GetString()), name);
        }

        Assert.Equal(5, json.GetProperty("datasets").GetArrayLength());
        var markdown = File.ReadAllText(_dir.Combine("validation.md"));
        Assert.Contains("Verdict: **PASS**", markdown, StringComparison.Ordinal);
        Assert.Contains("| ../cdr/A.csv | line 3 duration_s | 6233 | 6233 | pass |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_expected_value_fails_validation_and_names_the_check()
    {
        var altered = JsonNode.Parse(File.ReadAllText(Reference))!;
        var sms = altered["files"]![0]!;
        sms["fields"]![2]!["expected"] = "Body text one";
        var path = _dir.Combine("validation", "reference.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, altered.ToJsonString());
        CopyInputs(path);

        var run = await CliRunner.RunAsync("validate", "--reference", path, "--out", _dir.Combine("report.json"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("../sms_backup/sms_small.xml: sms[1] line 4 text: expected Body text one, got Body text 1", run.Stderr, StringComparison.Ordinal);
        var json = JsonDocument.Parse(File.ReadAllText(_dir.Combine("report.json"))).RootElement;
        Assert.Equal("FAIL", json.GetProperty("verdict").GetString());
        Assert.Equal(1, json.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_changed_input_file_fails_its_hash_check()
    {
        var path = _dir.Combine("validation", "reference.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Reference, path);
        CopyInputs(path);
        var cdr = _dir.Combine("cdr", "A.csv");
        File.AppendAllText(cdr, "text,out,A,2014-12-31 23:59:59,,2\n");

        var run = await CliRunner.RunAsync("validate", "--reference", path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("../cdr/A.csv: sha256: expected", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("../cdr/A.csv: events: expected 42, got 43", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Copies the reference set's inputs to the same relative places beside a copied manifest.</summary>
    private static void CopyInputs(string manifest)
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(manifest))!;
        foreach (var file in JsonDocument.Parse(File.ReadAllText(Reference)).RootElement.GetProperty("files").EnumerateArray())
        {
            var relative = file.GetProperty("path").GetString()!["../".Length..];
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepoPaths.Fixture(relative.Split('/')), target);
        }
    }
}
