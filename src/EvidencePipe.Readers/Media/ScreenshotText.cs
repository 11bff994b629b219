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
/// </summary>
internal static class ScreenshotText
{
    public const string OcrLocator = "file ocr";

    /// <summary>Screenshots (by name or tag) and PNGs without camera data, in a format tesseract reads (not HEIF).</summary>
    public static bool Wanted(CommunicationEvent media, MediaFamily family) =>
        (family == MediaFamily.Png || family == MediaFamily.Jpeg || family == MediaFamily.WebP || family == MediaFamily.Tiff)
        && (media.Channel == MediaChannels.Screenshot || (media.Text?.StartsWith("possible screenshot", StringComparison.Ordinal) ?? false));

    public static async Task<IReadOnlyList<CommunicationEvent>> ReadAsync(OcrEngine ocr, string imagePath, CommunicationEvent media, ReadContext context, CancellationToken cancellationToken)
    {
        if (!ocr.IsAvailable)
        {
            if (ocr.TakeUnavailableNotice() is { } notice)
            {
                context.Note(OcrLocator, notice);
            }

            return [];
        }

        var outcome = await ocr.RecognizeAsync(imagePath, cancellationToken).ConfigureAwait(false);
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
        return chat is null ? [WholeText(page, media, context)] : Messages(chat, media, context);
    }

    private static CommunicationEvent WholeText(OcrPage page, CommunicationEvent media, ReadContext context)
    {
        var words = page.Words.ToList();
        FlagIfLow(words, OcrLocator, context);
        return media with
        {
            Id = context.EventId(OcrLocator),
            Text = page.Text,
            Subject = OcrConfidence.Describe(words),
            Geo = null,
            Source = context.Locate(OcrLocator),
        };
    }

    private static List<CommunicationEvent> Messages(ChatScreenshot chat, CommunicationEvent media, ReadContext context)
    {
        // The apps show the contact name, or the number when the phone has no contact for it.
        var partner = Shared.SenderIdentity.Of(chat.Partner, context);
        var owner = context.Settings.Owners.Order(StringComparer.Ordinal).FirstOrDefault();
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal) { [partner] = chat.Partner };
        var events = new List<CommunicationEvent>();
        foreach (var bubble in chat.Bubbles)
        {
            var locator = "bubble " + bubble.Box;
            FlagIfLow(bubble.Words, locator, context);
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
                From = bubble.Outgoing ? owner : partner,
                To = bubble.Outgoing ? [partner] : owner is null ? [] : [owner],
                Names = names,
                Text = bubble.Text,
                Subject = OcrConfidence.Describe(bubble.Words) + " · from a " + chat.Layout + " screenshot",
                Attachments = media.Attachments,
                ThreadId = chat.Layout + "-screenshot:" + partner,
                Source = context.Locate(locator),
            });
        }

        if (owner is null && chat.Bubbles.Any(b => b.Outgoing))
        {
            context.Note(OcrLocator, "right-hand (outgoing) bubbles have no sender identifier: give --owner to name the phone's owner");
        }

        return events;
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
