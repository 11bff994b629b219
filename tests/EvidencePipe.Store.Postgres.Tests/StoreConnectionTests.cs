using EvidencePipe.TestSupport;
using Npgsql;

namespace EvidencePipe.Store.Postgres.Tests;

/// <summary>Where <c>--store</c> finds a connection string, and that a credential is never accepted on the command line or echoed.</summary>
public sealed class StoreConnectionTests : IDisposable
{
    private const string Secret = "s3cret-Pa55";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_url_with_a_password_on_the_command_line_is_refused_without_echoing_it()
    {
        var refused = Assert.Throws<StoreConnectionException>(() => StoreConnection.Resolve($"postgresql://lab:{Secret}@db.example:5433/evidence", _ => null));
        Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_without_a_password_takes_it_from_the_password_variable()
    {
        var store = StoreConnection.Resolve("postgresql://lab@db.example:5433/evidence", v => v == StoreConnection.PasswordVariable ? Secret : null);
        var built = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal(("db.example", 5433, "evidence", "lab", Secret), (built.Host, built.Port, built.Database, built.Username, built.Password));
        Assert.Equal("lab@db.example:5433/evidence", store.Description);
        Assert.DoesNotContain(Secret, store.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_may_hold_a_url_with_its_password()
    {
        var store = StoreConnection.Resolve("env:LAB_DB", v => v == "LAB_DB" ? $"postgresql://lab:{Uri.EscapeDataString("p@ss:word")}@10.0.0.5/cases" : null);
        var built = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        Assert.Equal(("10.0.0.5", 5432, "cases", "lab", "p@ss:word"), (built.Host, built.Port, built.Database, built.Username, built.Password));
    }

    [Fact]
    public void An_unset_variable_is_named_in_the_error()
    {
        var refused = Assert.Throws<StoreConnectionException>(() => StoreConnection.Resolve("env", _ => null));
        Assert.Contains(StoreConnection.DefaultVariable, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_others_can_read_is_refused_and_a_0600_file_is_read()
    {
        var path = _dir.Combine("store");
        File.WriteAllText(path, $"Host=127.0.0.1;Port=6543;Username=lab;Password={Secret};Database=cases\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var refused = Assert.Throws<StoreConnectionException>(() => StoreConnection.Resolve("file:" + path));
        Assert.Contains("0600", refused.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var store = StoreConnection.Resolve(path);
        Assert.Equal("lab@127.0.0.1:6543/cases", store.Description);
        Assert.Equal(Secret, new NpgsqlConnectionStringBuilder(store.ConnectionString).Password);
    }
}
