using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// The real Hangouts, Tango and Viber databases (plaso's test files) ingested and searched end to end.
/// Oracle: Python's sqlite3 counting the rows of each file (<see cref="PythonSqlite"/>).
/// </summary>
public sealed class MessagingAppDbIngestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Hangouts_tango_and_viber_databases_are_ingested_as_their_formats_and_their_messages_are_searchable()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var babel = Copy("hangouts_db", "babel.db");
        var tango = Copy("tango_db", "tango_android_tc.db");
        var viber = Copy("viber_db", "viber_data");
        var expected = long.Parse(PythonSqlite.Scalar(babel, "select count(*) from messages"), System.Globalization.CultureInfo.InvariantCulture)
            + long.Parse(PythonSqlite.Scalar(tango, "select count(*) from messages"), System.Globalization.CultureInfo.InvariantCulture)
            + long.Parse(PythonSqlite.Scalar(viber, "select count(*) from calls"), System.Globalization.CultureInfo.InvariantCulture);

        var ingest = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--region", "US", "--json");

        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr);
        var formats = ingest.Json.GetProperty("formats");
        Assert.Equal(1, formats.GetProperty("hangouts-babel-db").GetInt32());
        Assert.Equal(1, formats.GetProperty("tango-tc-db").GetInt32());
        Assert.Equal(1, formats.GetProperty("viber-data-db").GetInt32());
        Assert.False(formats.TryGetProperty("sqlite", out _)); // no file left as an unknown schema
        Assert.False(formats.TryGetProperty("android-calllog-db", out _)); // viber_data is no longer taken for a call log
        Assert.Equal(expected, ingest.Json.GetProperty("events").GetInt64());

        var paranoid = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "paranoid");
        var hit = Assert.Single(paranoid.Json.GetProperty("hits").EnumerateArray());
        Assert.Equal("hangouts", hit.GetProperty("channel").GetString());
        Assert.Equal("You're just paranoid....", hit.GetProperty("text").GetString()); // stored as You&#39;re

        var belly = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "belly");
        Assert.Equal("tango", Assert.Single(belly.Json.GetProperty("hits").EnumerateArray()).GetProperty("channel").GetString());

        var calls = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "channel:viber");
        Assert.Equal(long.Parse(PythonSqlite.Scalar(viber, "select count(*) from calls"), System.Globalization.CultureInfo.InvariantCulture), calls.Json.GetProperty("total").GetInt64());

        string Copy(string folder, string name)
        {
            var target = Path.Combine(evidence, name);
            File.Copy(RepoPaths.Fixture(folder, name), target);
            return target;
        }
    }
}
