namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>Property ids read from .msg objects ([MS-OXPROPS]; the canonical names are in the comments).</summary>
internal static class MsgTags
{
    public const ushort Subject = 0x0037;                   // PidTagSubject
    public const ushort ClientSubmitTime = 0x0039;          // PidTagClientSubmitTime
    public const ushort SentRepresentingName = 0x0042;      // PidTagSentRepresentingName
    public const ushort SentRepresentingAddress = 0x0065;   // PidTagSentRepresentingEmailAddress
    public const ushort SentRepresentingAddressType = 0x0064;
    public const ushort RecipientType = 0x0C15;             // PidTagRecipientType: 1 To, 2 Cc, 3 Bcc
    public const ushort SenderName = 0x0C1A;                // PidTagSenderName
    public const ushort SenderAddressType = 0x0C1E;         // PidTagSenderAddressType: SMTP or EX
    public const ushort SenderAddress = 0x0C1F;             // PidTagSenderEmailAddress
    public const ushort MessageDeliveryTime = 0x0E06;       // PidTagMessageDeliveryTime
    public const ushort Body = 0x1000;                      // PidTagBody
    public const ushort RtfCompressed = 0x1009;             // PidTagRtfCompressed
    public const ushort Html = 0x1013;                      // PidTagHtml (binary, or a string)
    public const ushort InternetMessageId = 0x1035;         // PidTagInternetMessageId
    public const ushort InternetReferences = 0x1039;        // PidTagInternetReferences
    public const ushort InReplyTo = 0x1042;                 // PidTagInReplyToId
    public const ushort DisplayName = 0x3001;               // PidTagDisplayName
    public const ushort AddressType = 0x3002;               // PidTagAddressType
    public const ushort EmailAddress = 0x3003;              // PidTagEmailAddress
    public const ushort CreationTime = 0x3007;              // PidTagCreationTime
    public const ushort AttachData = 0x3701;                // PidTagAttachDataBinary / PidTagAttachDataObject
    public const ushort AttachFilename = 0x3704;            // PidTagAttachFilename (8.3)
    public const ushort AttachMethod = 0x3705;              // PidTagAttachMethod: 1 by value, 5 embedded message, 6 OLE
    public const ushort AttachLongFilename = 0x3707;        // PidTagAttachLongFilename
    public const ushort AttachMimeTag = 0x370E;             // PidTagAttachMimeTag
    public const ushort SmtpAddress = 0x39FE;               // PidTagSmtpAddress
    public const ushort InternetCodepage = 0x3FDE;          // PidTagInternetCodepage
    public const ushort MessageCodepage = 0x3FFD;           // PidTagMessageCodepage
    public const ushort SenderSmtpAddress = 0x5D01;         // PidTagSenderSmtpAddress
    public const ushort SentRepresentingSmtpAddress = 0x5D02; // PidTagSentRepresentingSmtpAddress
}
