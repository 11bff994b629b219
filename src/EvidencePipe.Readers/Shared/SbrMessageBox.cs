using EvidencePipe.Model;

namespace EvidencePipe.Readers.Shared;

/// <summary>
/// The folder a message was in: SMS <c>type</c> (Telephony.TextBasedSmsColumns.MESSAGE_TYPE_*:
/// 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued) and MMS <c>msg_box</c>
/// (Telephony.BaseMmsColumns.MESSAGE_BOX_*: 1 inbox, 2 sent, 3 drafts, 4 outbox, 5 failed) share
/// the numbering. Everything not in the inbox was written on the device, so it is outgoing; the
/// ones that were never confirmed sent carry a note so an examiner does not take them as received.
/// </summary>
internal static class SbrMessageBox
{
    public static (Direction Direction, string? Note) Describe(int? box) => box switch
    {
        1 => (Direction.Incoming, null),
        2 => (Direction.Outgoing, null),
        3 => (Direction.Outgoing, "draft: written on the device, never sent"),
        4 => (Direction.Outgoing, "outbox: waiting to be sent, not confirmed sent"),
        5 => (Direction.Outgoing, "failed: sending failed, the recipient may never have received it"),
        6 => (Direction.Outgoing, "queued: waiting to be sent, not confirmed sent"),
        null => (Direction.Unknown, "message folder (type/msg_box) missing: direction unknown"),
        _ => (Direction.Unknown, $"message folder {box} is not a known Android value: direction unknown"),
    };
}
