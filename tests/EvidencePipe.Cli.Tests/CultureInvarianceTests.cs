using System.Globalization;
using System.Text;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// Output never depends on the machine's culture: the same commands under th-TH (Buddhist calendar:
/// the year 2567), ar-SA (Um Al-Qura calendar, Arabic decimal separator) and de-DE (decimal comma)
/// give exactly the bytes of the invariant run.
/// </summary>
public sealed class CultureInvarianceTests(GeneratedCase generated) : IClassFixture<GeneratedCase>
{
    private readonly string _case = generated.Directory.Combine("case");
    private readonly string _out = generated.Directory.Combine("culture");

    /// <summary>Each command's stdout, or the file it wrote, as bytes.</summary>
    private async Task<SortedDictionary<string, byte[]>> RunAll(string culture)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var info = culture.Length == 0 ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentCulture = info;
        CultureInfo.CurrentUICulture = info;
        try
        {
            var dir = Path.Combine(_out, culture.Length == 0 ? "invariant" : culture);
            Directory.CreateDirectory(dir);
            var outputs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            async Task Stdout(string name, params string[] args)
            {
                var run = await CliRunner.RunAsync(args);
                Assert.Equal(0, run.ExitCode);
                outputs[name] = Encoding.UTF8.GetBytes(run.Stdout);
            }

            const string Order = "party=07700900666,from=2024-04-01,type=RO";
            await Stdout("contacts.txt", "contacts", "--case", _case, "--order", Order);
            await Stdout("contacts.json", "contacts", "--case", _case, "--json", "--order", Order);
            await Stdout("search.json", "search", "--case", _case, "--json", "--limit", "20", "hurt OR outside");
            await Stdout("export.jsonl", "export", "--case", _case, "--format", "jsonl");
            await Stdout("export.csv", "export", "--case", _case, "--format", "csv");
            var report = Path.Combine(dir, "report.html");
            Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", _case, "--out", report, "--order", Order)).ExitCode);
            outputs["report.html"] = await File.ReadAllBytesAsync(report);
            return outputs;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Theory]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    [InlineData("de-DE")]
    public async Task Every_output_is_byte_identical_to_the_invariant_run(string culture)
    {
        // Sanity: these cultures really do format differently, so the comparison can fail.
        Assert.NotEqual(new DateTime(2024, 3, 1).ToString("yyyy", CultureInfo.InvariantCulture), new DateTime(2024, 3, 1).ToString("yyyy", CultureInfo.GetCultureInfo("th-TH")));
        Assert.NotEqual(0.5.ToString(CultureInfo.InvariantCulture), 0.5.ToString(CultureInfo.GetCultureInfo("de-DE")));

        var invariant = await RunAll(string.Empty);
        var local = await RunAll(culture);
        Assert.Equal(invariant.Keys, local.Keys);
        foreach (var (name, bytes) in invariant)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(local[name]), $"{name} differs under {culture}: {FirstDifference(bytes, local[name])}");
        }
    }

    private static string FirstDifference(byte[] a, byte[] b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        string Around(byte[] x) => Encoding.UTF8.GetString(x, Math.Max(0, i - 60), Math.Min(x.Length, i + 60) - Math.Max(0, i - 60));
        return $"at byte {i}: invariant …{Around(a)}… vs …{Around(b)}…";
    }
}
