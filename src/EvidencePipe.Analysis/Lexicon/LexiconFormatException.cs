namespace EvidencePipe.Analysis.Lexicon;

/// <summary>A lexicon file that cannot be used, with the place in it (file, JSON line, rule) and the reason.</summary>
public sealed class LexiconFormatException : FormatException
{
    public LexiconFormatException(string place, string reason)
        : base("lexicon " + place + ": " + reason)
    {
        Place = place;
        Reason = reason;
    }

    public LexiconFormatException()
        : this("(unknown)", "unusable")
    {
    }

    public LexiconFormatException(string message)
        : this("(unknown)", message)
    {
    }

    public LexiconFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Place = "(unknown)";
        Reason = message;
    }

    /// <summary>Where: the file, and within it a JSON line or a rule number and id.</summary>
    public string Place { get; }

    /// <summary>Why the file cannot be used.</summary>
    public string Reason { get; }
}
