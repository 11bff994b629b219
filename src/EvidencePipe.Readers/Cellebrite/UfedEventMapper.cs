using System.Globalization;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.WhatsAppDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cellebrite;

/// <summary>The chat a message was decoded in: its model id and the participants read before its messages.</summary>
internal sealed record UfedChat(string? Id, string? Source, List<UfedModel> Participants);

/// <summary>
/// Turns decoded models into events (field names as Cellebrite's report.xml writes them; see README):
/// <c>InstantMessage</c> (in a <c>Chat</c> or on its own), <c>SMS</c>, <c>MMS</c>, <c>Call</c>, <c>Email</c> → events;
/// <c>Contact</c> → an address-book card. Parties: <c>Identifier</c> (a number, an e-mail address or a
/// WhatsApp JID), <c>Name</c>, <c>Role</c> (From/To/Cc/Bcc) and <c>IsPhoneOwner</c>, which gives the direction.
/// Times: <c>TimeStamp</c> with its UTC offset (basis explicit-offset). Locator: the model's type and its
/// own id, with the chat's id and the device path of the file it was decoded from (its jumptarget).
/// </summary>
internal sealed class UfedEventMapper(ReadContext context, UfedFiles files)
{
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz"];

    public EvidenceRecord? Map(UfedModel model, UfedChat? chat) => model.Type switch
    {
        "InstantMessage" => Message(model, chat),
        "SMS" => Message(model, null, Channels.Sms),
        "MMS" => Message(model, null, Channels.Mms),
        "Email" => Message(model, null, Channels.Email),
        "Call" => Call(model),
        "Contact" => Contact(model),
        "Location" => Location(model),
        "InstalledApplication" => App(model),
        _ => null,
    };

    public static bool IsRead(string type) => type is "InstantMessage" or "SMS" or "MMS" or "Email" or "Call" or "Contact" or "Chat" or "Location" or "InstalledApplication";

    /// <summary>
    /// An <c>InstalledApplication</c> model (issue 17, item 2) as an app event like the Android and iOS app readers'
    /// (<see cref="InstalledApp"/>): <c>Identifier</c> is the package name or bundle id the tracking-app list matches;
    /// <c>Name</c>, <c>Version</c>; <c>PurchaseDate</c> is taken as the install time, as the public readers of report.xml
    /// take it (SEilers/UFEDLib, a public UFDR installed-apps extractor; fixtures/SOURCES.md) and said so in the text;
    /// <c>DeletedDate</c> (the app was removed) and <c>LastLaunched</c> are added to the text. No Identifier: skipped, noted.
    /// </summary>
    private EventRecord? App(UfedModel model)
    {
        var locator = Locator(model, null);
        if (model.Field("Identifier") is not { } appId)
        {
            context.SkippedRecord(locator, $"an InstalledApplication ('{model.Field("Name") ?? "no name"}') with no Identifier (package name or bundle id): nothing to list");
            return null;
        }

        NoteDeleted(model, locator);
        var installed = Stamp(model, "PurchaseDate", locator);
        var e = InstalledApp.Event(context.EventId(locator), appId, model.Field("Name"), model.Field("Version"), null, installed, null, context.Locate(locator));
        var text = new System.Text.StringBuilder(e.Text);
        if (installed is not null)
        {
            text.Append("; the first-installed time is the extraction's PurchaseDate");
        }

        foreach (var (name, what) in new[] { ("DeletedDate", "deleted"), ("LastLaunched", "last launched") })
        {
            if (Stamp(model, name, locator) is { } t)
            {
                text.Append("; ").Append(what).Append(' ').Append(t.Utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
        }

        return new EventRecord(e with { Text = text.ToString() });
    }

    /// <summary>An optional time field (ISO 8601 with its UTC offset); one in another layout is reported and left out.</summary>
    private EventTime? Stamp(UfedModel model, string name, string locator)
    {
        if (model.Field(name) is not { } raw)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(raw, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return EventTime.FromExplicit(value);
        }

        context.RecoveredRecord(locator, $"{name} '{raw}' is not an ISO 8601 time with a UTC offset: the app is kept without it");
        return null;
    }

    /// <summary>
    /// A <c>Location</c> model (issue 17, item 2): its <c>Position</c> model field holds a <c>Coordinate</c> with
    /// <c>Latitude</c>/<c>Longitude</c> (as in Physical Analyzer 7.x reports, e.g. the sample report of jgru/ufed-geo2x), its
    /// <c>TimeStamp</c> when the position was recorded. A location event; accuracy is not taken (<c>Precision</c> is free text).
    /// A model with no usable position places nothing and is noted.
    /// </summary>
    private EventRecord? Location(UfedModel model)
    {
        var locator = Locator(model, null);
        if (model.Children("Position") is not [var position, ..] || Geo(position) is not { } point)
        {
            context.Note(locator, "a Location with no Position coordinates (latitude ±90°, longitude ±180°): nothing to place");
            return null;
        }

        NoteDeleted(model, locator);
        var what = "UFED location" + (model.Field("Category") is { } category ? $" ({category})" : string.Empty) + (model.Field("Source") is { } source ? $" from {source}" : string.Empty);
        return new EventRecord(LocationFix.Event(context.EventId(locator), Time(model, locator), point.Latitude, point.Longitude, null, what, context.Locate(locator)));
    }

    private string Locator(UfedModel model, UfedChat? chat)
    {
        var locator = $"{model.Type} id={model.Id ?? "(none)"}";
        if (chat is not null)
        {
            locator += $" in Chat id={chat.Id ?? "(none)"}";
        }

        return files.SourcePath(model) is { } path ? $"{locator} (source {path})" : locator;
    }

    private EventRecord? Message(UfedModel model, UfedChat? chat, string? channel = null)
    {
        var locator = Locator(model, chat);
        NoteDeleted(model, locator);
        var parties = Parties(model);
        var from = parties.From;
        var to = parties.To;
        if (to.Count == 0 && chat is not null)
        {
            to = [.. chat.Participants.Select(Party).Where(p => p.Id is not null && p.Id != from.Id)];
        }

        var direction = from.Id is null ? FolderDirection(model.Field("Folder"))
            : from.Owner ? Direction.Outgoing : Direction.Incoming;
        var kind = model.Type == "Email" ? EventKind.Email : EventKind.Message;
        var attachments = model.Children("Attachments").Select(a => files.Attach(a, context, locator)).ToList();
        return new EventRecord(new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = kind,
            Channel = channel ?? ChannelOf(model.Field("Source") ?? chat?.Source),
            Direction = direction,
            Time = Time(model, locator),
            From = from.Id,
            To = [.. to.Select(p => p.Id!).Distinct()],
            Names = Names([from, .. to]),
            Text = model.Field("Body"),
            Subject = model.Field("Subject"),
            Attachments = attachments,
            Geo = model.Children("Position") is [var position, ..] ? Geo(position) : null,
            ThreadId = chat?.Id is { } chatId ? "Chat id=" + chatId : null,
            MessageId = model.Field("Identifier") ?? model.Id,
            Source = context.Locate(locator),
        });
    }

    private EventRecord Call(UfedModel model)
    {
        var locator = Locator(model, null);
        NoteDeleted(model, locator);
        var parties = Parties(model);
        var type = model.Field("Type") ?? string.Empty;
        var direction = (model.Field("Direction") ?? type).ToUpperInvariant() switch
        {
            "INCOMING" or "MISSED" or "REJECTED" => Direction.Incoming,
            "OUTGOING" => Direction.Outgoing,
            _ => parties.From.Id is not null ? (parties.From.Owner ? Direction.Outgoing : Direction.Incoming) : Direction.Unknown,
        };
        var seconds = Duration(model.Field("Duration"));
        var status = (model.Field("Status") is { } s && s.Contains("missed", StringComparison.OrdinalIgnoreCase)) || type.Equals("Missed", StringComparison.OrdinalIgnoreCase) ? CallStatus.Missed
            : type.Equals("Rejected", StringComparison.OrdinalIgnoreCase) || type.Equals("Declined", StringComparison.OrdinalIgnoreCase) ? CallStatus.Rejected
            : type.Equals("Blocked", StringComparison.OrdinalIgnoreCase) ? CallStatus.Blocked
            : type.Equals("Voicemail", StringComparison.OrdinalIgnoreCase) ? CallStatus.Voicemail
            : seconds > 0 ? CallStatus.Answered : CallStatus.None;
        var source = model.Field("Source");
        var app = source is null or "Phone" or "Native" or "Native Phone" ? Channels.Call : ChannelOf(source);
        var video = string.Equals(model.Field("VideoCall"), "True", StringComparison.OrdinalIgnoreCase);
        return new EventRecord(new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = app,
            Direction = direction,
            Time = Time(model, locator),
            From = parties.From.Id,
            To = [.. parties.To.Select(p => p.Id!).Distinct()],
            Names = Names([parties.From, .. parties.To]),
            Subject = video ? "video call" : "voice call",
            DurationSeconds = seconds,
            CallStatus = status,
            MessageId = model.Id,
            Source = context.Locate(locator),
        });
    }

    private ContactRecord? Contact(UfedModel model)
    {
        var locator = Locator(model, null);
        NoteDeleted(model, locator);
        var identifiers = model.Children("Entries")
            .Where(e => e.Type is "PhoneNumber" or "EmailAddress" or "UserID")
            .Select(e => Identify(e.Field("Value")))
            .OfType<string>().Distinct().ToList();
        var name = model.Field("Name");
        if (identifiers.Count == 0)
        {
            context.Note(locator, $"contact '{name ?? "(no name)"}' has no phone number, e-mail address or user id: no card recorded");
            return null;
        }

        return new ContactRecord(new ContactCard(name, identifiers, context.Locate(locator)));
    }

    private readonly record struct PartyOf(string? Id, string? Name, bool Owner, string? Role);

    private sealed record PartyList(PartyOf From, List<PartyOf> To);

    /// <summary>From: the <c>From</c> model field, else the party whose Role is From; To: <c>To</c>/<c>Cc</c>/<c>Bcc</c>, else the other parties.</summary>
    private PartyList Parties(UfedModel model)
    {
        var all = model.Children("Parties").Select(Party).ToList();
        var from = model.Children("From").Select(Party).FirstOrDefault(p => p.Id is not null);
        if (from.Id is null)
        {
            from = all.FirstOrDefault(p => p.Id is not null && string.Equals(p.Role, "From", StringComparison.OrdinalIgnoreCase));
        }

        var to = model.Children("To").Concat(model.Children("Cc")).Concat(model.Children("Bcc")).Select(Party).Where(p => p.Id is not null).ToList();
        if (to.Count == 0)
        {
            to = [.. all.Where(p => p.Id is not null && p.Id != from.Id && !string.Equals(p.Role, "From", StringComparison.OrdinalIgnoreCase))];
        }

        return new PartyList(from, to);
    }

    private PartyOf Party(UfedModel party)
    {
        var name = party.Field("Name");
        var id = Identify(party.Field("Identifier")) ?? (name is not null ? Identifier.ForName(name) : null);
        return new PartyOf(id, name, string.Equals(party.Field("IsPhoneOwner"), "True", StringComparison.OrdinalIgnoreCase), party.Field("Role"));
    }

    private string? Identify(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var at = raw.IndexOf('@', StringComparison.Ordinal);
        var server = at < 0 ? string.Empty : raw[(at + 1)..].ToLowerInvariant();
        return server is "s.whatsapp.net" or "c.us" or "g.us" or "lid" or "broadcast" ? WhatsAppJid.Identify(raw) : context.Identify(raw);
    }

    private static IReadOnlyDictionary<string, string> Names(IEnumerable<PartyOf> parties)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parties)
        {
            if (p.Id is not null && p.Name is not null && !p.Id.StartsWith(Identifier.Name, StringComparison.Ordinal))
            {
                names.TryAdd(p.Id, p.Name);
            }
        }

        return names;
    }

    private static Direction FolderDirection(string? folder) => folder?.ToUpperInvariant() switch
    {
        "INBOX" => Direction.Incoming,
        "SENT" or "OUTBOX" or "SENT ITEMS" => Direction.Outgoing,
        _ => Direction.Unknown,
    };

    /// <summary>The app a model came from as a channel name: the known ones by name, others in lower case.</summary>
    public static string ChannelOf(string? source)
    {
        if (source is null)
        {
            return "unknown";
        }

        var s = source.Trim().ToUpperInvariant();
        return s switch
        {
            "WHATSAPP" or "WHATSAPP BUSINESS" => Channels.WhatsApp,
            "TELEGRAM" => Channels.Telegram,
            "FACEBOOK MESSENGER" or "MESSENGER" => Channels.Messenger,
            "INSTAGRAM" => Channels.Instagram,
            "SIGNAL" => Channels.Signal,
            "IMESSAGE" => Channels.IMessage,
            "NATIVE MESSAGES" or "SMS" => Channels.Sms,
            _ => new string([.. source.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-')]),
        };
    }

    private EventTime Time(UfedModel model, string locator)
    {
        var raw = model.Field("TimeStamp");
        if (raw is not null && DateTimeOffset.TryParseExact(raw, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return EventTime.FromExplicit(value);
        }

        context.RecoveredRecord(locator, raw is null
            ? "no TimeStamp: kept as undated"
            : $"TimeStamp '{raw}' is not an ISO 8601 time with a UTC offset: kept as undated");
        return EventTime.Undated;
    }

    /// <summary>A TimeSpan ("00:01:05", "1.02:03:04") or whole seconds.</summary>
    private static int? Duration(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (TimeSpan.TryParseExact(raw, "c", CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero && span.TotalSeconds <= int.MaxValue)
        {
            return (int)span.TotalSeconds;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }

    private static GeoPoint? Geo(UfedModel position) =>
        double.TryParse(position.Field("Latitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
        && double.TryParse(position.Field("Longitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
        && lat is >= -90 and <= 90 && lon is >= -180 and <= 180
            ? new GeoPoint(lat, lon)
            : null;

    private void NoteDeleted(UfedModel model, string locator)
    {
        if (model.IsDeleted)
        {
            context.Note(locator, "deleted record recovered by the extraction (deleted_state=Deleted): kept");
        }
    }
}
