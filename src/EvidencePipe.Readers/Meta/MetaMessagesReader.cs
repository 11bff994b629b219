using System.Runtime.CompilerServices;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// Reads a Messenger or Instagram "Download your information" conversation file. The file is
/// streamed twice: a survey (participants, title and thread path come after the messages in Meta's
/// files, and media paths tell the two apps apart), then the messages one at a time. When the survey
/// finds the other app's marks the format is refined (<see cref="ReadContext.RefineFormat"/>); when it
/// finds none the platform it was sniffed as stands, with a note saying it could not be confirmed.
/// </summary>
public sealed class MetaMessagesReader : IEvidenceReader
{
    private readonly MetaPlatform _platform;
    private readonly int _maxMessageBytes;

    public MetaMessagesReader(MetaPlatform platform)
        : this(platform, JsonStreamWalker.DefaultMaxValueBytes)
    {
    }

    public MetaMessagesReader(MetaPlatform platform, int maxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1024);
        _platform = platform;
        _maxMessageBytes = maxMessageBytes;
    }

    public string Format => MetaPlatforms.FormatOf(_platform);

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(
        EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var survey = await MetaSurvey.TakeAsync(source, context, _maxMessageBytes, cancellationToken).ConfigureAwait(false);
        if (survey is null)
        {
            yield break;
        }

        var platform = Decide(survey, context);
        var mapper = new MetaMessageMapper(context, survey, MetaPlatforms.ChannelOf(platform));
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var (document, path) in JsonMessageStream.ReadAsync(stream, MetaJson.Decide, MetaJson.IsMessage, _maxMessageBytes, context, "no messages found (expected a top-level \"messages\" array of {sender_name, timestamp_ms})", cancellationToken).ConfigureAwait(false))
            {
                CommunicationEvent? ev;
                using (document)
                {
                    ev = MapSafely(mapper, document.RootElement, path.ToString(), context);
                }

                if (ev is not null)
                {
                    yield return new EventRecord(ev);
                }
            }
        }
    }

    private MetaPlatform Decide(MetaSurvey survey, ReadContext context)
    {
        MetaPlatform? marked = (survey.InstagramMarks > 0, survey.MessengerMarks > 0) switch
        {
            (true, false) => MetaPlatform.Instagram,
            (false, true) => MetaPlatform.Messenger,
            _ => null,
        };

        if (marked is { } platform)
        {
            if (platform != _platform)
            {
                context.RefineFormat(MetaPlatforms.FormatOf(platform));
            }

            return platform;
        }

        var why = survey.InstagramMarks > 0
            ? $"both Instagram ({survey.InstagramMarks}) and Facebook ({survey.MessengerMarks}) media paths"
            : "no media path or field that names Instagram or Messenger";
        context.Note("file", $"{why}; read as {MetaPlatforms.FormatOf(_platform)}, the format it was identified as — confirm the app from where the export came");
        return _platform;
    }

    private static CommunicationEvent? MapSafely(MetaMessageMapper mapper, JsonElement message, string locator, ReadContext context)
    {
        try
        {
            return mapper.Map(message, locator);
        }
        catch (InvalidOperationException ex)
        {
            context.SkippedRecord(locator, $"unreadable message: {ex.Message}");
            return null;
        }
    }
}
