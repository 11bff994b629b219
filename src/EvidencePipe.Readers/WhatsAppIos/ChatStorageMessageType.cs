namespace EvidencePipe.Readers.WhatsAppIos;

/// <summary>
/// <c>ZWAMESSAGE.ZMESSAGETYPE</c>. WhatsApp publishes no schema; these readings are the ones public
/// forensic parsers agree on (iLEAPP's whatsApp artifact takes only 5 as a location, and says its
/// mapping is unsourced) and that the real iOS 15 sample bears out: 0 text, 1 image, 5 location with
/// coordinates in ZWAMEDIAITEM, 6 and 10 system rows without text. Anything else is read as a message
/// with whatever text and media it has, and its number is kept in the diagnostics.
/// </summary>
internal static class ChatStorageMessageType
{
    public const int Text = 0;
    public const int Image = 1;
    public const int Video = 2;
    public const int Audio = 3;
    public const int Contact = 4;
    public const int Location = 5;
    public const int GroupEvent = 6;
    public const int Link = 7;
    public const int Document = 8;
    public const int SystemNotice = 10;
    public const int Gif = 11;
    public const int Revoked = 14;
    public const int Sticker = 15;

    /// <summary>Rows the app writes itself (group created, member added, encryption notice, call notice): no person sent them.</summary>
    public static bool IsSystem(int? type) => type is GroupEvent or SystemNotice;

    public static string Describe(int? type) => type switch
    {
        Text => "text",
        Image => "image",
        Video => "video",
        Audio => "audio",
        Contact => "contact card",
        Location => "location",
        GroupEvent => "group event",
        Link => "link",
        Document => "document",
        SystemNotice => "system notice",
        Gif => "GIF",
        Revoked => "deleted for everyone",
        Sticker => "sticker",
        null => "no type",
        _ => $"type {type}",
    };
}
