namespace EvidencePipe.Readers.WhatsApp;

/// <summary>Which of the first two numeric date fields is the day (the year-first form is always Y/M/D).</summary>
public enum DateOrder
{
    /// <summary><c>dd/mm/yy</c>: most locales, and the documented default when a file does not say.</summary>
    DayFirst,

    /// <summary><c>mm/dd/yy</c>: US English and the locales that copy it.</summary>
    MonthFirst,
}

/// <summary>Tuning for <see cref="WhatsAppTextReader"/>; the defaults suit real exports.</summary>
public sealed record WhatsAppReaderOptions
{
    public static WhatsAppReaderOptions Default { get; } = new();

    /// <summary>
    /// Assumed when a file's dates never prove their order (no field above 12) or prove both orders;
    /// the reader records a note naming the file either way.
    /// </summary>
    public DateOrder UndecidableDateOrder { get; init; } = DateOrder.DayFirst;

    /// <summary>Longest line kept; the rest of a longer line is left out and reported.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Longest message text kept (WhatsApp itself caps a message at 65,536 characters).</summary>
    public int MaxMessageChars { get; init; } = 1 << 22;

    /// <summary>Distinct senders tracked as participants: bounds memory and the size of <c>To</c> on a hostile file.</summary>
    public int MaxParticipants { get; init; } = 1024;
}
