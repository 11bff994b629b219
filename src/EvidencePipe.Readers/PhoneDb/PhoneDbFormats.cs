namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Format names for SQLite evidence: every SQLite file is sniffed as <see cref="Sqlite"/>; the
/// dispatching reader narrows it (ReadContext.RefineFormat) to the schema it found inside.
/// </summary>
public static class PhoneDbFormats
{
    public const string Sqlite = "sqlite";
    public const string AndroidMmsSms = "android-mmssms-db";
    public const string AndroidCallLog = "android-calllog-db";
    public const string AndroidContacts2 = "android-contacts2-db";
    public const string IosSms = "ios-sms-db";
    public const string IosCallHistory = "ios-callhistory-db";
    public const string WhatsAppMsgstore = "whatsapp-msgstore-db";
    public const string WhatsAppWa = "whatsapp-wa-db";
    public const string WhatsAppIosChatStorage = "whatsapp-ios-chatstorage-db";
    public const string WhatsAppIosCallHistory = "whatsapp-ios-callhistory-db";
    public const string WhatsAppIosContacts = "whatsapp-ios-contacts-db";
    public const string GoogleVoiceThreadingStore = "google-voice-ios-db";
    public const string IosBackupManifest = "ios-backup-manifest-db";
    public const string IosApplicationState = "ios-applicationstate-db";
    public const string IosRoutinedCache = "ios-routined-cache-db";
    public const string SkypeMainDb = "skype-main-db";
    public const string KikIos = "kik-ios-db";
    public const string HangoutsBabel = "hangouts-babel-db";
    public const string TangoTc = "tango-tc-db";
    public const string ViberData = "viber-data-db";
}
