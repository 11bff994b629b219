using EvidencePipe.Application.Lab;
using EvidencePipe.Store.Postgres;

namespace EvidencePipe.Cli;

/// <summary>
/// <c>--store</c> (issue 20): the lab store a command works on. The value names where the connection string is
/// (<see cref="StoreConnection"/>), so no credential is on the command line, in the audit log or in any message.
/// </summary>
internal static class LabTool
{
    public static StoreConnection Store(CommandLine cl) => StoreConnection.Resolve(cl.Required("store"));

    /// <summary>Opens the lab case <c>--case NAME</c> for reading and records the command in the lab's audit log first.</summary>
    public static PostgresCaseReader OpenCaseAudited(CommandLine cl) => OpenCaseAudited(cl, Store(cl), cl.Required("case"));

    /// <summary>Opens the lab case <paramref name="name"/> for reading and records the command in the lab's audit log first.</summary>
    public static PostgresCaseReader OpenCaseAudited(CommandLine cl, StoreConnection store, string name)
    {
        var labCase = LabCase.Open(store, name, create: false);
        Audit(cl, store, labCase.Id);
        return new PostgresCaseReader(store, labCase);
    }

    /// <summary>Appends the command (its arguments as given: <c>--store</c> names a variable, a file or a password-less URL) with the database user.</summary>
    public static void Audit(CommandLine cl, StoreConnection store, int? caseId) =>
        LabCase.AppendAudit(store, caseId, cl.Command, cl.Arguments, Tool.Version);

    /// <summary>The ingest request of <c>ingest --store</c> and <c>lab submit</c>.</summary>
    public static LabIngestRequest Request(CommandLine cl, StoreConnection store, IReadOnlyList<string> paths) => new(store, cl.Required("case"), paths)
    {
        TimeZone = cl.Option("tz"),
        Region = cl.Option("region"),
        Owners = cl.Options("owner"),
        Perspective = cl.Option("perspective"),
    };
}
