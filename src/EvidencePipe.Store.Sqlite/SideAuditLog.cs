using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// Where the audit entry of a command run against a read-only case goes, since the case's own append-only
/// <c>audit</c> table cannot be written: one JSON line per command (time, user, host, tool version, case,
/// command, arguments, why the case was read-only) appended to <c>$EVIDENCEPIPE_AUDIT_LOG</c>, or else
/// <c>$XDG_STATE_HOME/evidencepipe/read-only-audit.jsonl</c> (default <c>~/.local/state/…</c>).
/// </summary>
public static class SideAuditLog
{
    public const string PathVariable = "EVIDENCEPIPE_AUDIT_LOG";

    /// <summary>The side log's path for this user and environment.</summary>
    public static string FilePath()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "evidencepipe", "read-only-audit.jsonl");
    }

    /// <summary>
    /// Appends the entry; returns where it went, or throws <see cref="IOException"/> saying why it could not be
    /// recorded (the command still runs: a read-only case must never stop a search).
    /// </summary>
    public static string Append(CaseStore store, string command, IReadOnlyList<string> arguments, string toolVersion, DateTimeOffset now)
    {
        var path = FilePath();
        var line = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(line))
        {
            json.WriteStartObject();
            json.WriteString("time_utc", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("user", Environment.UserName);
            json.WriteString("host", Environment.MachineName);
            json.WriteString("tool_version", toolVersion);
            json.WriteString("case", store.Directory);
            json.WriteString("command", command);
            json.WriteStartArray("arguments");
            foreach (var a in arguments)
            {
                json.WriteStringValue(a);
            }

            json.WriteEndArray();
            json.WriteString("read_only", store.ReadOnlyReason);
            json.WriteEndObject();
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);

            // One write of a whole line with O_APPEND: concurrent commands do not interleave within a line.
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.Write([.. line.WrittenSpan, (byte)'\n']);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: {ex.Message}", ex);
        }
    }
}
