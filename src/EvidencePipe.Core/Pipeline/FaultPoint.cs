using System.Diagnostics;
using System.Globalization;

namespace EvidencePipe.Pipeline;

/// <summary>
/// Deterministic crash points for the crash-safety suite (issue 19): <c>EVIDENCEPIPE_FAULT=NAME:N</c> makes the
/// process SIGKILL itself the N-th time execution passes the point named NAME (N defaults to 1) — no finally
/// blocks, no flush, exactly as a power cut or the OOM killer would stop it, but at a named place rather than a
/// wall-clock moment, so the suite behaves the same on a fast and a slow machine. Unset (the normal case) a
/// point costs one read of a static field.
/// </summary>
public static class FaultPoint
{
    public const string Variable = "EVIDENCEPIPE_FAULT";

    /// <summary>A source's SHA-256 has been computed, before it is parsed.</summary>
    public const string AfterHash = "after-hash";

    /// <summary>Half of a writer batch is in the open transaction.</summary>
    public const string MidBatch = "mid-batch";

    /// <summary>A writer batch is complete in its transaction, not yet committed.</summary>
    public const string BeforeCommit = "before-commit";

    /// <summary>A writer batch has been committed to the store, not yet handed to the index.</summary>
    public const string AfterCommit = "after-commit";

    /// <summary>The index commit is prepared (new segments and the pending commit point written), not yet made visible.</summary>
    public const string IndexCommit = "index-commit";

    /// <summary>
    /// The ingest is complete in the store and the index; the WAL still holds the run's last transactions, not yet
    /// copied back into the database by the closing checkpoint (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>).
    /// </summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>A zip entry that needs random access (a database) has been copied to the case's temporary folder, before it is read.</summary>
    public const string AfterTempCopy = "after-temp-copy";

    /// <summary>After the first ingest into an empty case has written every event, before its unique id index is built.</summary>
    public const string BeforeIdIndex = "before-id-index";

    /// <summary>Every point, for the suite.</summary>
    public static readonly IReadOnlyList<string> All = [AfterHash, MidBatch, BeforeCommit, AfterCommit, IndexCommit, Checkpoint, AfterTempCopy, BeforeIdIndex];

    private static readonly (string Name, int Hit)? Armed = Parse(Environment.GetEnvironmentVariable(Variable));

    private static int _hits;

    /// <summary>Execution passes <paramref name="name"/>: the process dies here if this is the armed point's N-th pass.</summary>
    public static void Hit(string name)
    {
        if (Armed is not { } armed || !string.Equals(armed.Name, name, StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Increment(ref _hits) == armed.Hit)
        {
            // Process.Kill sends SIGKILL on Unix (and TerminateProcess on Windows): nothing after this line runs.
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            return (value, 1);
        }

        return int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (value[..colon], n)
            : throw new InvalidOperationException($"{Variable}='{value}': expected NAME or NAME:N with N ≥ 1");
    }
}
