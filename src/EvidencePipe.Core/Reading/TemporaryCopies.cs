using System.Diagnostics;
using System.Globalization;

namespace EvidencePipe.Reading;

/// <summary>
/// Where an ingest puts the private copies a random-access reader needs of a zip entry (a database inside an
/// export): a folder of its own under the case directory's <c>tmp</c> — never the machine's /tmp, which may be
/// another disk, shared with other users, or cleared while the run still needs it — named after the process so a
/// later run can tell a dead run's leftovers from a live one's. <see cref="Sweep"/> removes what a killed run left;
/// <see cref="Dispose"/> removes this run's folder.
/// </summary>
public sealed class TemporaryCopies : IDisposable
{
    public const string FolderName = "tmp";

    private const string Prefix = "ingest-";

    private TemporaryCopies(string directory) => Directory = directory;

    /// <summary>This run's folder (created on first use by <see cref="EvidenceSource.OpenLocalFile"/>).</summary>
    public string Directory { get; }

    /// <summary>Sweeps the case's leftovers, then names this run's folder under <paramref name="caseDirectory"/>.</summary>
    public static TemporaryCopies ForCase(string caseDirectory, Action<string>? swept = null)
    {
        var root = Path.Combine(caseDirectory, FolderName);
        Sweep(root, swept);
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        return new TemporaryCopies(Path.Combine(root, name));
    }

    /// <summary>
    /// Deletes every run folder under <paramref name="root"/> whose process is gone (killed, or the machine lost
    /// power) — the copies are of evidence the case already hashed, never evidence itself. A folder whose process
    /// still runs is another ingest's and is left alone.
    /// </summary>
    public static void Sweep(string root, Action<string>? swept = null)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return;
        }

        foreach (var dir in System.IO.Directory.GetDirectories(root, Prefix + "*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var dash = name.IndexOf('-', Prefix.Length);
            if (dash > 0 && int.TryParse(name.AsSpan(Prefix.Length, dash - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsRunning(pid))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
                swept?.Invoke(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // left for the next run; a stale copy never touches evidence or the case
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }

            var root = Path.GetDirectoryName(Directory)!;
            if (System.IO.Directory.Exists(root) && !System.IO.Directory.EnumerateFileSystemEntries(root).Any())
            {
                System.IO.Directory.Delete(root);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the next run's sweep removes it
        }
    }
}
