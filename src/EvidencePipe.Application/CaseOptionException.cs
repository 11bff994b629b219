namespace EvidencePipe.Application;

/// <summary>
/// A request the case cannot take: an unknown zone, region or language, a zone other than the one the
/// case was made with, a path that does not exist, an unreadable alias or mapping file. Front ends
/// report it as a usage error (the CLI exits 1 with the message).
/// </summary>
public sealed class CaseOptionException : Exception
{
    public CaseOptionException()
    {
    }

    public CaseOptionException(string message)
        : base(message)
    {
    }

    public CaseOptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
