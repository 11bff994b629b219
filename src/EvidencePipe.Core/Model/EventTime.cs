namespace EvidencePipe.Model;

/// <summary>How an event's instant was known.</summary>
public enum TimeBasis
{
    /// <summary>The source stated the UTC offset (RFC 5322 date, ISO-8601 with offset).</summary>
    ExplicitOffset,

    /// <summary>The source stored an epoch count (Unix milliseconds, Apple epoch); the offset shown is the case zone's at that instant.</summary>
    Epoch,

    /// <summary>The source stored a wall-clock time without offset; it was interpreted in the case zone.</summary>
    NaiveLocal,

    /// <summary>
    /// No time was recorded in the content: this is the file system's modification time of the exhibit,
    /// which copying may have set. It is NOT the time the record was made.
    /// </summary>
    FileModified,

    /// <summary>
    /// The source gave no usable time at all (an e-mail with no readable Date, From_ line, Received
    /// field or container time). The event is kept — its parties and words are evidence — with the
    /// instant set to <see cref="EventTime.UndatedInstant"/> as a placeholder, never a real time:
    /// analyses that need a time leave it out.
    /// </summary>
    Undated,
}

/// <summary>What was odd about a naive local time when it was placed in the case zone.</summary>
public enum TimeAnomaly
{
    None,

    /// <summary>The local time does not exist (clocks went forward); it was read with the offset in force before the change.</summary>
    Gap,

    /// <summary>The local time happened twice (clocks went back); the first occurrence was taken.</summary>
    Ambiguous,

    /// <summary>The local time happened twice; the source's line order showed the clock had gone back, so the second occurrence was taken.</summary>
    AmbiguousLater,
}

/// <summary>
/// A UTC instant, the original (or case-zone) UTC offset and the basis on which it was known.
/// Stored as UTC; the offset is kept so that the local wall-clock time can always be shown.
/// </summary>
public readonly record struct EventTime(DateTimeOffset Utc, TimeSpan Offset, TimeBasis Basis, string? Zone, TimeAnomaly Anomaly)
{
    /// <summary>The instant as local time at its recorded offset.</summary>
    public DateTimeOffset Local => Utc.ToOffset(Offset);

    public long UnixMilliseconds => Utc.ToUnixTimeMilliseconds();

    /// <summary>The placeholder instant of an undated event (the Unix epoch, UTC), so exports and sorting stay total.</summary>
    public static readonly DateTimeOffset UndatedInstant = DateTimeOffset.UnixEpoch;

    /// <summary>A time that is not known: basis <see cref="TimeBasis.Undated"/>, placeholder instant, offset zero.</summary>
    public static EventTime Undated { get; } = new(UndatedInstant, TimeSpan.Zero, TimeBasis.Undated, null, TimeAnomaly.None);

    public bool IsUndated => Basis == TimeBasis.Undated;

    public static EventTime FromExplicit(DateTimeOffset value) =>
        new(value.ToUniversalTime(), value.Offset, TimeBasis.ExplicitOffset, null, TimeAnomaly.None);

    /// <summary>The basis as written to exports: <c>explicit-offset</c>, <c>epoch</c>, <c>naive-local</c>, <c>file-modified</c>, <c>undated</c>.</summary>
    public string BasisName => Basis switch
    {
        TimeBasis.ExplicitOffset => "explicit-offset",
        TimeBasis.Epoch => "epoch",
        TimeBasis.NaiveLocal => "naive-local",
        TimeBasis.FileModified => "file-modified",
        TimeBasis.Undated => "undated",
        _ => throw new InvalidOperationException(),
    };

    public string? AnomalyName => Anomaly switch
    {
        TimeAnomaly.Gap => "nonexistent-local-time",
        TimeAnomaly.Ambiguous => "ambiguous-local-time",
        TimeAnomaly.AmbiguousLater => "ambiguous-local-time-later",
        _ => null,
    };

    public static TimeBasis ParseBasis(string value) => value switch
    {
        "explicit-offset" => TimeBasis.ExplicitOffset,
        "epoch" => TimeBasis.Epoch,
        "naive-local" => TimeBasis.NaiveLocal,
        "file-modified" => TimeBasis.FileModified,
        "undated" => TimeBasis.Undated,
        _ => throw new FormatException($"unknown time basis '{value}'"),
    };

    public static TimeAnomaly ParseAnomaly(string? value) => value switch
    {
        null or "" => TimeAnomaly.None,
        "nonexistent-local-time" => TimeAnomaly.Gap,
        "ambiguous-local-time" => TimeAnomaly.Ambiguous,
        "ambiguous-local-time-later" => TimeAnomaly.AmbiguousLater,
        _ => throw new FormatException($"unknown time flag '{value}'"),
    };
}
