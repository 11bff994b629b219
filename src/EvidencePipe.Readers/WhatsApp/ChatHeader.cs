namespace EvidencePipe.Readers.WhatsApp;

/// <summary>How a line relates to the message-header grammar.</summary>
internal enum HeaderKind
{
    /// <summary>Not a header: continuation text of the message before it.</summary>
    None,

    /// <summary>A header whose date and time are valid (in at least one date order).</summary>
    Valid,

    /// <summary>Shaped like a header, but its date or time is impossible (e.g. <c>31/02/20</c>, <c>25:10</c>).</summary>
    Invalid,
}

/// <summary>
/// A parsed message header. The date is kept in both readings of an all-numeric <c>a/b/y</c> date
/// because the order is decided per file, after the whole file has been seen. The date fields and
/// the body are positions in the parsed line, so parsing allocates nothing; the text is taken from
/// the line only where it is needed.
/// </summary>
internal readonly record struct ChatHeader(
    HeaderKind Kind,
    DateOnly? DayFirst,
    DateOnly? MonthFirst,
    TimeOnly Time,
    Range Field1,
    Range Field2,
    Range Field3,
    Range Body,
    string? Problem)
{
    /// <summary>Both readings of the date agree (year first, or day equals month) or only one is possible.</summary>
    public bool ProvesDayFirst => DayFirst is not null && MonthFirst is null;

    public bool ProvesMonthFirst => MonthFirst is not null && DayFirst is null;

    /// <summary>The date as written, its three fields joined with <c>/</c> (e.g. <c>16/02/21</c> for <c>16.02.21</c>).</summary>
    public string DateText(ReadOnlySpan<char> line) => $"{line[Field1]}/{line[Field2]}/{line[Field3]}";

    /// <summary>The local wall-clock time in the chosen date order; <paramref name="swapped"/> when only the other order gives a real date.</summary>
    public DateTime Resolve(DateOrder order, out bool swapped)
    {
        var preferred = order == DateOrder.DayFirst ? DayFirst : MonthFirst;
        var other = order == DateOrder.DayFirst ? MonthFirst : DayFirst;
        swapped = preferred is null;
        var date = preferred ?? other ?? throw new InvalidOperationException("resolve called on an invalid header");
        return date.ToDateTime(Time);
    }
}
