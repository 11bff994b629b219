namespace EvidencePipe.Reading;

/// <summary>
/// Keys of the settings a case keeps for its life (the store's <c>meta</c> table): what a later run
/// must agree with, and which libraries' data the case's identifiers and times were made with.
/// </summary>
public static class CaseMetaKeys
{
    public const string TimeZone = "time_zone";
    public const string Region = "region";
    public const string Owners = "owners";

    /// <summary>Whose device the case is: <c>victim</c> (the default) or <c>suspect</c> (<c>ingest --perspective</c>).</summary>
    public const string Perspective = "perspective";

    /// <summary>The phone-number normaliser and its version (<c>libphonenumber-csharp 9.0.43</c>).</summary>
    public const string PhoneNormaliser = "phone_normaliser";

    /// <summary>
    /// A counter raised whenever stored event rows are rewritten in place (identifiers re-normalised on
    /// open). Derived data records the revision it was made from, so an index made before a rewrite is
    /// rebuilt rather than trusted: its documents would still carry the old identifiers.
    /// </summary>
    public const string StoreRevision = "store_revision";

    /// <summary>The release of the TZDB naive local times were converted with (NodaTime's bundled copy, <c>2025b</c>).</summary>
    public const string TzdbVersion = "tzdb_version";
}
