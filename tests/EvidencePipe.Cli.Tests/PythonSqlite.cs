using System.Diagnostics;

namespace EvidencePipe.Cli.Tests;

/// <summary>Reads a case file with Python's sqlite3 module: an independent reader of what the tool wrote.</summary>
internal static class PythonSqlite
{
    /// <summary>The first column of the first row of <paramref name="sql"/>, as Python prints it.</summary>
    public static string Scalar(string db, string sql)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nprint(c.execute(sys.argv[2]).fetchone()[0])");
        start.ArgumentList.Add(db);
        start.ArgumentList.Add(sql);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.Trim();
    }
}
