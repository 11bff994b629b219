namespace EvidencePipe.Model;

/// <summary>Channel names (DESIGN.md "Event model"); lower-case, used verbatim by <c>channel:</c> searches.</summary>
public static class Channels
{
    public const string Sms = "sms";
    public const string Mms = "mms";
    public const string IMessage = "imessage";
    public const string WhatsApp = "whatsapp";
    public const string Telegram = "telegram";
    public const string Messenger = "messenger";
    public const string Instagram = "instagram";
    public const string Signal = "signal";
    public const string Skype = "skype";
    public const string Kik = "kik";
    public const string Hangouts = "hangouts";
    public const string Tango = "tango";
    public const string Viber = "viber";
    public const string Email = "email";
    public const string Call = "call";
    public const string Voicemail = "voicemail";
    public const string Image = "image";

    /// <summary>A row of the victim's incident log (not a communication: an act the victim recorded).</summary>
    public const string Incident = "incident";

    /// <summary>A position the device recorded (<see cref="EventKind.Location"/>).</summary>
    public const string Location = "location";

    /// <summary>An installed application (<see cref="EventKind.App"/>).</summary>
    public const string App = "app";
}
