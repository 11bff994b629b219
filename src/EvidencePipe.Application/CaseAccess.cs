using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Application;

/// <summary>A command as the audit log records it: its name, its arguments as given, and the tool version.</summary>
public sealed record CommandAudit(string Command, IReadOnlyList<string> Arguments, string ToolVersion);

/// <summary>Opens cases so that every command run against one is recorded in its audit log before anything else.</summary>
public static class CaseAccess
{
    /// <summary>Opens (or, with <paramref name="create"/>, creates) the case and appends <paramref name="audit"/>.</summary>
    public static CaseStore OpenAudited(string caseDirectory, bool create, CommandAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var store = CaseStore.Open(caseDirectory, create);
        try
        {
            store.AppendAudit(audit.Command, audit.Arguments, audit.ToolVersion, DateTimeOffset.UtcNow);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
