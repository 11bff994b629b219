namespace EvidencePipe.Cli;

/// <summary>Process exit codes (DESIGN.md "Contract").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Diagnostics = 2;
    public const int Integrity = 3;

    /// <summary>A check of the bundled reference set failed (<c>validate</c>).</summary>
    public const int ValidationFailed = 4;

    /// <summary>
    /// The case store or a file could not be used — busy or locked, damaged, disk full, permission denied —
    /// reported in one line naming the file; nothing half-written is left (issue 19).
    /// </summary>
    public const int StoreOrFile = 5;

    /// <summary>Interrupted (Ctrl+C): the case is consistent and the next ingest completes it (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
