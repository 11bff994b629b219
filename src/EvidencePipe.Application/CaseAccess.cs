using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application;

/// <summary>A command as the audit log records it: its name, its arguments as given, and the tool version.</summary>
public sealed record CommandAudit(string Command, IReadOnlyList<string> Arguments, string ToolVersion);

/// <summary>Opens cases so that every command run against one is recorded in its audit log before anything else.</summary>
public static class CaseAccess
{
    /// <summary>
    /// Opens (or, with <paramref name="create"/>, creates) the case and appends <paramref name="audit"/>. A command
    /// that does not change evidence (<paramref name="create"/> false) also works on a read-only case (write-blocked
    /// media, a read-only mount, mode bits): the store opens read-only and the audit entry goes to the side log
    /// (<see cref="SideAuditLog"/>); <paramref name="notice"/> is told where it went, or why it could not be recorded.
    /// </summary>
    /// <param name="notice">Told about a read-only case (default: standard error).</param>
    public static CaseStore OpenAudited(string caseDirectory, bool create, CommandAudit audit, Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var store = create ? CaseStore.Open(caseDirectory, create: true) : CaseStore.OpenForReading(caseDirectory);
        try
        {
            Record(store, audit, notice);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends <paramref name="audit"/> to an open case's audit log, or, when the case is read-only, to the side
    /// log (<see cref="SideAuditLog"/>), telling <paramref name="notice"/> where it went or why it could not be recorded.
    /// </summary>
    public static void Record(CaseStore store, CommandAudit audit, Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        if (!store.IsReadOnly)
        {
            store.AppendAudit(audit.Command, audit.Arguments, audit.ToolVersion, DateTimeOffset.UtcNow);
            return;
        }

        notice ??= m => Console.Error.WriteLine("evidencepipe: " + m);
        try
        {
            var log = SideAuditLog.Append(store, audit.Command, audit.Arguments, audit.ToolVersion, DateTimeOffset.UtcNow);
            notice($"{store.Directory} is read-only ({store.ReadOnlyReason}): opened read-only; audit entry recorded in {log}");
        }
        catch (IOException ex)
        {
            notice($"{store.Directory} is read-only ({store.ReadOnlyReason}): opened read-only; the audit entry could NOT be recorded ({ex.Message}) — set {SideAuditLog.PathVariable} to a writable file");
        }
    }
}
