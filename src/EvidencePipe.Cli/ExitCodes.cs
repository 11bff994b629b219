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

    /// <summary>Interrupted (Ctrl+C): the case is consistent and the next ingest completes it (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
