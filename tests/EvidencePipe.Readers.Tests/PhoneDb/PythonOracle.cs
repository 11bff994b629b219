using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>
/// Runs an oracle script (Python stdlib sqlite3 and hand-written SQL, beside the tests) on a database and
/// compares every event it expects with what the reader produced: the expected values are computed from
/// the file at test time by code that shares nothing with the reader.
/// </summary>
internal static class PythonOracle
{
    public static List<JsonElement> Expected(string script, params string[] args)
    {
        using var document = JsonDocument.Parse(Run([Path.Combine(RepoPaths.Root, "tests", "EvidencePipe.Readers.Tests", script), .. args]));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Runs <c>python3</c> with <paramref name="arguments"/> and returns what it printed (UTF-8); a failure fails the test with its stderr.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(); // both pipes drained at once: neither can fill and stall the script
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.Result;
    }

    /// <summary>Asserts that <paramref name="actual"/> has exactly the oracle's events, each with its values.</summary>
    public static void Matches(IReadOnlyList<JsonElement> expected, IReadOnlyList<CommunicationEvent> actual)
    {
        Assert.Equal(expected.Select(e => e.GetProperty("locator").GetString()).Order(StringComparer.Ordinal), actual.Select(e => e.Source.Locator).Order(StringComparer.Ordinal));
        foreach (var want in expected)
        {
            var locator = want.GetProperty("locator").GetString()!;
            var got = actual.At(locator);
            Assert.Equal((locator, want.GetProperty("kind").GetString()), (locator, got.Kind.ToString().ToLowerInvariant()));
            Assert.Equal((locator, want.GetProperty("channel").GetString()), (locator, got.Channel));
            Assert.Equal((locator, want.GetProperty("direction").GetString()), (locator, got.Direction.ToString().ToLowerInvariant()));
            Assert.Equal((locator, want.GetProperty("time").GetString()), (locator, got.Time.IsUndated ? null : got.Time.Utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
            Assert.Equal((locator, want.GetProperty("from").GetString()), (locator, got.From));
            Assert.Equal((locator, Joined(Strings(want.GetProperty("to")).Order(StringComparer.Ordinal))), (locator, Joined(got.To.Order(StringComparer.Ordinal))));
            Assert.Equal((locator, want.GetProperty("text").GetString()), (locator, got.Text));
            Assert.Equal((locator, Joined(Strings(want.GetProperty("attachments")))), (locator, Joined(got.Attachments.Select(a => a.Name))));
            if (want.TryGetProperty("duration", out var duration))
            {
                Assert.Equal((locator, duration.ValueKind == JsonValueKind.Null ? null : (int?)duration.GetInt32()), (locator, got.DurationSeconds));
            }
        }
    }

    /// <summary>A list as one comparable string (tuples compare lists by reference).</summary>
    private static string Joined(IEnumerable<string?> values) => "[" + string.Join(" | ", values.Select(v => v ?? "null")) + "]";

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}
