using EvidencePipe.Model;

namespace EvidencePipe.Readers.Shared;

/// <summary>
/// Android's call log numbering (CallLog.Calls.*_TYPE: 1 incoming, 2 outgoing, 3 missed, 4 voicemail,
/// 5 rejected, 6 blocked, 7 answered externally) and the pseudo-identifiers for callers without a
/// number, shared by the SMS Backup &amp; Restore calls XML and the Android call-log databases.
/// </summary>
internal static class AndroidCallLog
{
    /// <summary>
    /// A withheld ("private") caller has no number, but repeated withheld calls are themselves
    /// evidence of a course of conduct, so they share one pseudo-identifier per presentation kind.
    /// </summary>
    public const string Withheld = "tel:private";
    public const string UnknownNumber = "tel:unknown";
    public const string Payphone = "tel:payphone";

    /// <summary>
    /// Voicemail (type 4) is a message the caller left: channel <c>voicemail</c> with status
    /// voicemail, so it counts as its own kind of contact. Answered externally (type 7, picked up
    /// on another device) is an answered incoming call. Outgoing calls start with no status.
    /// </summary>
    public static (Direction Direction, CallStatus Status, string Channel) Describe(int? type) => type switch
    {
        1 or 7 => (Direction.Incoming, CallStatus.Answered, Channels.Call),
        2 => (Direction.Outgoing, CallStatus.None, Channels.Call),
        3 => (Direction.Incoming, CallStatus.Missed, Channels.Call),
        4 => (Direction.Incoming, CallStatus.Voicemail, Channels.Voicemail),
        5 => (Direction.Incoming, CallStatus.Rejected, Channels.Call),
        6 => (Direction.Incoming, CallStatus.Blocked, Channels.Call),
        _ => (Direction.Unknown, CallStatus.None, Channels.Call),
    };
}
