using System.Runtime.CompilerServices;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// Reads a Telegram Desktop JSON export — one chat or the whole account — into events. The file is
/// streamed twice with <see cref="JsonStreamWalker"/>: a survey of chats and senders, then the
/// messages, one at a time. Locators are JSON paths plus the message id
/// (<c>chats.list[2].messages[17] id=4711</c>).
/// </summary>
public sealed class TelegramJsonReader : IEvidenceReader
{
    public const string FormatName = "telegram-json";

    private readonly int _maxMessageBytes;

    public TelegramJsonReader()
        : this(JsonStreamWalker.DefaultMaxValueBytes)
    {
    }

    /// <param name="maxMessageBytes">A single message larger than this is skipped with a diagnostic.</param>
    public TelegramJsonReader(int maxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1024);
        _maxMessageBytes = maxMessageBytes;
    }

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var survey = await TelegramSurvey.TakeAsync(source, context, _maxMessageBytes, cancellationToken).ConfigureAwait(false);
        if (survey is null)
        {
            yield break;
        }

        var mapper = new TelegramMessageMapper(context, survey);
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var (document, path) in JsonMessageStream.ReadAsync(stream, TelegramJson.Decide, TelegramJson.IsMessage, _maxMessageBytes, context, "no Telegram messages found (expected messages[] or chats.list[].messages[])", cancellationToken).ConfigureAwait(false))
            {
                CommunicationEvent? ev;
                using (document)
                {
                    ev = MapSafely(mapper, document.RootElement, path, context);
                }

                if (ev is not null)
                {
                    yield return new EventRecord(ev);
                }
            }
        }
    }

    private static CommunicationEvent? MapSafely(TelegramMessageMapper mapper, JsonElement message, JsonPath path, ReadContext context)
    {
        var locator = path.ToString();
        try
        {
            locator = TelegramMessageMapper.Locator(locator, message);
            return mapper.Map(message, TelegramJson.ChatKey(path), locator);
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement.GetString on a string that is not valid UTF-8.
            context.SkippedRecord(locator, $"unreadable message: {ex.Message}");
            return null;
        }
    }
}
