using Npgsql;

namespace EvidencePipe.Store.Postgres;

/// <summary>
/// Where a lab store's connection string comes from (issue 20, "Security"): never the command line, never a log.
/// <c>--store</c> names one of
/// <list type="bullet">
/// <item><c>env</c> or <c>env:NAME</c> — an environment variable (default <see cref="DefaultVariable"/>);</item>
/// <item><c>file:PATH</c> or the path of an existing file — a file only its owner can read (mode 0600 or stricter);</item>
/// <item><c>postgresql://user@host:port/database</c> — a URL <em>without</em> a password; the password, if the
/// server asks for one, comes from <see cref="PasswordVariable"/> or the standard <c>PGPASSFILE</c>/<c>~/.pgpass</c>.</item>
/// </list>
/// What the variable or file holds may be a URL (with a password) or an Npgsql <c>Key=Value;…</c> string.
/// </summary>
public sealed class StoreConnection
{
    public const string DefaultVariable = "EVIDENCEPIPE_STORE";
    public const string PasswordVariable = "EVIDENCEPIPE_STORE_PASSWORD";

    private StoreConnection(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Workers hold one connection per running job plus the liveness session; the pool is per process.
            ApplicationName = "evidencepipe",
        };
        ConnectionString = builder.ConnectionString;
        Description = $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>The full connection string (may hold a password): for Npgsql only, never to be printed.</summary>
    public string ConnectionString { get; }

    /// <summary>user@host:port/database — safe to show.</summary>
    public string Description { get; }

    public override string ToString() => Description;

    /// <summary>Resolves a <c>--store</c> value; <see cref="StoreConnectionException"/> says what is wrong without echoing a secret.</summary>
    public static StoreConnection Resolve(string store, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(store);
        environment ??= Environment.GetEnvironmentVariable;
        if (store == "env" || store.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = store == "env" ? DefaultVariable : store["env:".Length..];
            var value = environment(name);
            return string.IsNullOrWhiteSpace(value)
                ? throw new StoreConnectionException($"--store {store}: the environment variable {name} is not set")
                : new StoreConnection(Parse(value.Trim(), environment, secretAllowed: true));
        }

        if (store.StartsWith("postgresql://", StringComparison.Ordinal) || store.StartsWith("postgres://", StringComparison.Ordinal))
        {
            return new StoreConnection(Parse(store, environment, secretAllowed: false));
        }

        var path = store.StartsWith("file:", StringComparison.Ordinal) ? store["file:".Length..] : store;
        if (!File.Exists(path))
        {
            throw new StoreConnectionException($"--store {store}: expected env[:NAME], file:PATH, an existing file or a postgresql:// URL without a password");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new StoreConnectionException($"--store {store}: the file can be read by others; it holds a credential, so it must be mode 0600 (chmod 600 {path})");
        }

        return new StoreConnection(Parse(File.ReadAllText(path).Trim(), environment, secretAllowed: true));
    }

    private static string Parse(string value, Func<string, string?> environment, bool secretAllowed)
    {
        if (!value.StartsWith("postgresql://", StringComparison.Ordinal) && !value.StartsWith("postgres://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException)
            {
                // The message may quote the value, which may hold a password.
                throw new StoreConnectionException("the store connection string is not a postgresql:// URL or a Key=Value;… string");
            }
        }

        // postgresql://[user[:password]@]host[:port][/database] (libpq's URI form, RFC 3986).
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StoreConnectionException("the store URL is not of the form postgresql://user@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        var user = uri.UserInfo;
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!secretAllowed)
            {
                throw new StoreConnectionException("a password on the command line is visible to every user of the machine (ps, shell history): " +
                    $"put the URL in a 0600 file or in {DefaultVariable}, or the password alone in {PasswordVariable}");
            }

            builder.Password = Uri.UnescapeDataString(user[(colon + 1)..]);
            user = user[..colon];
        }
        else if (environment(PasswordVariable) is { Length: > 0 } password)
        {
            builder.Password = password;
        }

        if (user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
        }

        return builder.ConnectionString;
    }
}

/// <summary>A <c>--store</c> value that cannot be used; the message never holds a secret.</summary>
public sealed class StoreConnectionException(string message) : Exception(message);
