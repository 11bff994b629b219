namespace EvidencePipe.Readers.Skype;

/// <summary>
/// <c>Messages.type</c>: what a chat row is. Skype never published these; the readings are the ones
/// Skyperious (<c>skypedata.py</c> MESSAGE_TYPE_*) documents and the real sample bears out (61 said,
/// 50 contact request, 51 contact details shared, 64 SMS). 61 is an ordinary message and has no subject;
/// the others are named in the event's subject so a reader of the timeline sees what the row was.
/// </summary>
internal static class SkypeMessageType
{
    public const int Said = 61;
    public const int Sms = 64;

    public static string? Subject(int? type) => type switch
    {
        Said or null => null,
        2 => "topic or picture changed",
        4 => "group conversation created",
        8 or 9 => "chat update notice",
        10 => "participants added",
        12 => "participants removed",
        13 => "left the chat",
        30 => "call started",
        39 => "call ended",
        50 => "contact request",
        51 => "contact details shared",
        53 => "contact blocked",
        60 => "emote",
        63 => "contacts sent",
        Sms => "SMS sent through Skype",
        68 => "file transfer",
        70 or 253 => "video shared",
        110 => "birthday notice",
        201 => "photo shared",
        _ => $"Skype message type {type}",
    };
}
