namespace EvidencePipe.Model;

/// <summary>What sort of communication an event records (DESIGN.md "Event model").</summary>
public enum EventKind
{
    Message,
    Call,
    Email,
    Media,

    /// <summary>An entry in the victim's own incident log (what happened, where, witnesses, the effect), in their words.</summary>
    Incident,

    /// <summary>A position the device recorded (location history, a location cache): not a communication; <see cref="Channels.Location"/>.</summary>
    Location,

    /// <summary>An application installed on the device (packages.xml, applicationState.db, a UFDR's list): not a communication; <see cref="Channels.App"/>.</summary>
    App,
}

/// <summary>Direction relative to the device owner or account holder.</summary>
public enum Direction
{
    Unknown,
    Incoming,
    Outgoing,
}

/// <summary>Outcome of a call, as the handset recorded it.</summary>
public enum CallStatus
{
    None,
    Answered,
    Missed,
    Rejected,
    Blocked,
    Voicemail,
}

/// <summary>Lower-case wire names used in exports and the store; stable across versions.</summary>
public static class ModelNames
{
    public static string Of(EventKind kind) => kind switch
    {
        EventKind.Message => "message",
        EventKind.Call => "call",
        EventKind.Email => "email",
        EventKind.Media => "media",
        EventKind.Incident => "incident",
        EventKind.Location => "location",
        EventKind.App => "app",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Of(Direction direction) => direction switch
    {
        Direction.Incoming => "incoming",
        Direction.Outgoing => "outgoing",
        _ => "unknown",
    };

    public static string? Of(CallStatus status) => status switch
    {
        CallStatus.None => null,
        CallStatus.Answered => "answered",
        CallStatus.Missed => "missed",
        CallStatus.Rejected => "rejected",
        CallStatus.Blocked => "blocked",
        CallStatus.Voicemail => "voicemail",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static EventKind ParseKind(string value) => value switch
    {
        "message" => EventKind.Message,
        "call" => EventKind.Call,
        "email" => EventKind.Email,
        "media" => EventKind.Media,
        "incident" => EventKind.Incident,
        "location" => EventKind.Location,
        "app" => EventKind.App,
        _ => throw new FormatException($"unknown event kind '{value}'"),
    };

    public static Direction ParseDirection(string value) => value switch
    {
        "incoming" => Direction.Incoming,
        "outgoing" => Direction.Outgoing,
        _ => Direction.Unknown,
    };

    public static CallStatus ParseCallStatus(string? value) => value switch
    {
        null or "" => CallStatus.None,
        "answered" => CallStatus.Answered,
        "missed" => CallStatus.Missed,
        "rejected" => CallStatus.Rejected,
        "blocked" => CallStatus.Blocked,
        "voicemail" => CallStatus.Voicemail,
        _ => throw new FormatException($"unknown call status '{value}'"),
    };
}
