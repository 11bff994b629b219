using System.Globalization;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// The words in a screenshot, read by OCR (<see cref="OcrEngine"/>) and made events like any message
/// text, each marked <c>ocr · confidence N%</c> in its subject (low confidence flagged there and in a
/// diagnostic, never silently trusted). A screenshot of a known chat layout
/// (<see cref="ChatScreenshotSplitter"/>) gives one message event per bubble — sender side from the
/// bubble's x-position, the visible date chip and time, locator <c>bubble x,y,w,h</c> in image pixels —
/// otherwise the whole text is one event, locator <c>file ocr</c>. The image itself stays the source.
/// In a group chat each incoming bubble is from the sender named above it and the header's name is the
/// conversation (thread), never a sender. A dark-theme screenshot is OCR'd from a converted copy
/// (<see cref="DarkTheme"/>), which every event read from it names in its subject.
/// </summary>
internal static class ScreenshotText
{
    public const string OcrLocator = "file ocr";

    /// <summary>Screenshots (by name or tag) and PNGs without camera data, in a format tesseract reads (not HEIF).</summary>
    public static bool Wanted(CommunicationEvent media, MediaFamily family) =>
        (family == MediaFamily.Png || family == MediaFamily.Jpeg || family == MediaFamily.WebP || family == MediaFamily.Tiff)
        && (media.Channel == MediaChannels.Screenshot || (media.Text?.StartsWith("possible screenshot", StringComparison.Ordinal) ?? false));

    public static async Task<IReadOnlyList<CommunicationEvent>> ReadAsync(OcrEngine ocr, string imagePath, MediaFamily family, CommunicationEvent media, ReadContext context, CancellationToken cancellationToken)
    {
        if (!ocr.IsAvailable)
        {
            if (ocr.UnavailableNotice is { } notice)
            {
                context.NoteOncePerRun(OcrLocator, notice);
            }

            return [];
        }

        if (ocr.ConverterUnavailableNotice is { } converterNotice)
        {
            context.NoteOncePerRun(OcrLocator, converterNotice);
        }

        // ImageMagick's coder name for the sniffed content: png, jpeg, webp, tiff.
        var outcome = await ocr.RecognizeScreenshotAsync(imagePath, family.Label.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        if (outcome.ConversionProblem is { } problem)
        {
            context.Note(OcrLocator, $"dark-theme check failed ({problem}); the image was OCR'd as it is");
        }

        if (outcome.Page is not { } page)
        {
            context.RecoveredRecord(OcrLocator, $"OCR failed ({outcome.Failure}); the screenshot is listed without its text");
            return [];
        }

        if (page.Lines.Count == 0)
        {
            context.Note(OcrLocator, "OCR found no text in the image");
            return [];
        }

        var chat = ChatScreenshotSplitter.Split(page, DateOnly.FromDateTime(media.Time.Local.DateTime));
        return chat is null ? [WholeText(page, outcome.Conversion, media, context)] : Messages(chat, outcome.Conversion, media, context);
    }

    /// <summary>The OCR mark of an event's subject, with the conversion the image went through first (its provenance) when it did.</summary>
    private static string Describe(IReadOnlyCollection<OcrWord> words, string? conversion) =>
        conversion is null ? OcrConfidence.Describe(words) : OcrConfidence.Describe(words) + " · " + conversion;

    private static CommunicationEvent WholeText(OcrPage page, string? conversion, CommunicationEvent media, ReadContext context)
    {
        var words = page.Words.ToList();
        FlagIfLow(words, OcrLocator, context);
        return media with
        {
            Id = context.EventId(OcrLocator),
            Text = page.Text,
            Subject = Describe(words, conversion),
            Geo = null,
            Source = context.Locate(OcrLocator),
        };
    }

    private static List<CommunicationEvent> Messages(ChatScreenshot chat, string? conversion, CommunicationEvent media, ReadContext context)
    {
        var owner = context.Settings.Owners.Order(StringComparer.Ordinal).FirstOrDefault();
        var parties = ChatParties(chat, context);
        // A group is its own conversation, named as the header names it; a two-party chat is its partner's.
        var thread = chat.Layout + "-screenshot:" + (chat.IsGroup ? "group:" + chat.Partner : parties.Keys.Single());
        var everyone = parties.Keys.ToList();
        var events = new List<CommunicationEvent>();
        foreach (var bubble in chat.Bubbles)
        {
            var locator = "bubble " + bubble.Box;
            FlagIfLow(bubble.Words, locator, context);
            // The apps show the contact name, or the number when the phone has no contact for it.
            var from = bubble.Outgoing ? owner : chat.IsGroup ? Sender(bubble, locator, context) : everyone[0];
            var to = bubble.Outgoing ? everyone : Recipients(owner, everyone, from);
            events.Add(new CommunicationEvent
            {
                Id = context.EventId(locator),
                Kind = EventKind.Message,
                Channel = chat.Layout switch
                {
                    ChatScreenshotSplitter.IMessage => Channels.IMessage,
                    ChatScreenshotSplitter.GoogleMessages => Channels.Sms,
                    _ => Channels.WhatsApp,
                },
                Direction = bubble.Outgoing ? Direction.Outgoing : Direction.Incoming,
                Time = BubbleTime(bubble, media, locator, context),
                From = from,
                To = to,
                Names = parties,
                Text = bubble.Text,
                Subject = Describe(bubble.Words, conversion) + " · from a " + chat.Layout + (chat.IsGroup ? " group" : string.Empty) + " screenshot",
                Attachments = media.Attachments,
                ThreadId = thread,
                Source = context.Locate(locator),
            });
        }

        if (owner is null && chat.Bubbles.Any(b => b.Outgoing))
        {
            context.Note(OcrLocator, "right-hand (outgoing) bubbles have no sender identifier: give --owner to name the phone's owner");
        }

        return events;
    }

    /// <summary>The other parties (identifier → name as shown): the header's partner, or a group's listed participants and named senders.</summary>
    private static SortedDictionary<string, string> ChatParties(ChatScreenshot chat, ReadContext context)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<string> shown = chat.IsGroup ? chat.Participants.Concat(chat.Bubbles.Select(b => b.Sender).OfType<string>()) : [chat.Partner];
        foreach (var name in shown)
        {
            names.TryAdd(Shared.SenderIdentity.Of(name, context), name);
        }

        return names;
    }

    /// <summary>An incoming message's recipients: the owner, then every other party (none in a two-party chat).</summary>
    private static List<string> Recipients(string? owner, List<string> everyone, string? from)
    {
        var to = owner is null ? new List<string>() : [owner];
        to.AddRange(everyone.Where(p => !string.Equals(p, from, StringComparison.Ordinal)));
        return to;
    }

    private static string? Sender(ChatBubble bubble, string locator, ReadContext context)
    {
        if (bubble.Sender is { } sender)
        {
            return Shared.SenderIdentity.Of(sender, context);
        }

        context.Note(locator, "group chat: no sender's name above this incoming bubble (its run starts above the screenshot's top); the message is kept without a sender");
        return null;
    }

    private static EventTime BubbleTime(ChatBubble bubble, CommunicationEvent media, string locator, ReadContext context)
    {
        if (bubble.Time is not { } time)
        {
            context.Note(locator, "no time visible in the bubble; the screenshot's own time is used");
            return media.Time;
        }

        var date = bubble.Date ?? DateOnly.FromDateTime(media.Time.Local.DateTime);
        if (bubble.Date is null)
        {
            context.Note(locator, string.Create(CultureInfo.InvariantCulture, $"no date chip above the bubble; its date is taken as the screenshot's ({date:yyyy-MM-dd})"));
        }

        return context.TimeZone.FromLocal(date.ToDateTime(time));
    }

    private static void FlagIfLow(IReadOnlyCollection<OcrWord> words, string locator, ReadContext context)
    {
        if (OcrConfidence.IsLow(words))
        {
            context.Note(locator, string.Create(CultureInfo.InvariantCulture, $"OCR text is low confidence (mean {OcrConfidence.Mean(words):0}% < {OcrConfidence.LowThreshold:0}%): check it against the image"));
        }
    }
}
