using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Web.Tests;

/// <summary>The users file, with lines made by Python's hashlib (an independent PBKDF2), and HTTP Basic against it.</summary>
public sealed class UserFileTests(ServedCase served) : IClassFixture<ServedCase>
{
    /// <summary>A users-file line for the password, made by Python's standard library (the README's recipe).</summary>
    private static string PythonLine(string name, string password, int iterations)
    {
        var script = "import hashlib,base64,sys\n" +
            "salt=bytes(range(16))\n" +
            "h=hashlib.pbkdf2_hmac('sha256', sys.argv[2].encode(), salt, int(sys.argv[3]))\n" +
            "print(f'{sys.argv[1]}:pbkdf2-sha256:{sys.argv[3]}:{base64.b64encode(salt).decode()}:{base64.b64encode(h).decode()}')\n";
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", script, name, password, iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var line = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return line;
    }

    [Fact]
    public void A_password_hashed_by_python_verifies_and_a_wrong_one_does_not()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("users");
        File.WriteAllText(file, "# investigators\n" + PythonLine("dc.ellis", "correct horse battery", 100_000) + "\n");
        var users = UserFile.Load(file);

        Assert.True(users.Verify("dc.ellis", "correct horse battery"));
        Assert.False(users.Verify("dc.ellis", "correct horse batterY"));
        Assert.False(users.Verify("someone", "correct horse battery"));
    }

    [Theory]
    [InlineData("dc.ellis:plain:secret")]
    [InlineData("dc.ellis:pbkdf2-sha256:1000:AAECAwQFBgcICQoLDA0ODw==:AAECAwQFBgcICQoLDA0ODwABAgMEBQYHCAkKCwwNDg8=")]
    [InlineData("dc.ellis:pbkdf2-sha256:600000:notbase64!:AAECAwQFBgcICQoLDA0ODwABAgMEBQYHCAkKCwwNDg8=")]
    public void A_line_that_is_not_a_strong_hash_is_refused_with_its_line_number(string line)
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("users");
        File.WriteAllText(file, "# header\n" + line + "\n");

        var ex = Assert.Throws<Application.CaseOptionException>(() => UserFile.Load(file));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_users_every_request_needs_a_valid_password_and_the_audit_names_the_user()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("users");
        File.WriteAllText(file, PythonLine("dc.ellis", "s3cret pass", 100_000) + "\n");
        var options = served.Options(UserFile.Load(file), new ListenAddress(IPAddress.Loopback, 0));
        await using var server = await WebServer.StartAsync(options, _ => { }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Address };

        var anonymous = await http.GetAsync("api/contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "", "dc.ellis", "wrong")).StatusCode);

        var ok = await Get(http, "api/cases", "dc.ellis", "s3cret pass");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("\"user\":\"dc.ellis\"", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        const string query = "\"signed in probe 2077\"";
        Assert.Equal(HttpStatusCode.OK, (await Get(http, "api/search?q=" + Uri.EscapeDataString(query), "dc.ellis", "s3cret pass")).StatusCode);
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(served.CaseDir, "case.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT arguments_json FROM audit WHERE command = 'serve'";
        var rows = new List<string[]>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                rows.Add(System.Text.Json.JsonSerializer.Deserialize<string[]>(r.GetString(0))!);
            }
        }

        Assert.Single(rows, a => a.SequenceEqual(["--web-user", "dc.ellis", "search", query]));
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string path, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        return await http.SendAsync(request);
    }
}
