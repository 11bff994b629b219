using System.Text.Json;
using EvidencePipe.Identifiers;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// First pass: the conversation's participants, title and thread path (which Meta writes after the
/// messages), every sender, and the marks that tell Instagram from Messenger. Damage is left for the
/// second pass to report.
/// </summary>
internal sealed class MetaSurvey
{
    public const int MaxParticipants = 1024;

    public SortedDictionary<string, string> Participants { get; } = new(StringComparer.Ordinal);

    public string? Title { get; private set; }

    public string? ThreadPath { get; private set; }

    public int InstagramMarks { get; private set; }

    public int MessengerMarks { get; private set; }

    public static async Task<MetaSurvey?> TakeAsync(EvidenceSource source, ReadContext context, int maxMessageBytes, CancellationToken cancellationToken)
    {
        var survey = new MetaSurvey();
        return await JsonSurveyPass.RunAsync(source, context, MetaJson.Decide, maxMessageBytes, survey.Take, cancellationToken).ConfigureAwait(false)
            ? survey
            : null;
    }

    private void Take(JsonPath path, JsonElement value)
    {
        if (MetaJson.IsMessage(path))
        {
            if (MetaJson.SenderName(value) is { Length: > 0 } sender)
            {
                Add(sender);
            }

            if (value.Property("is_unsent_image_by_messenger_kid_parent") is not null || value.Property("senderName") is not null)
            {
                MessengerMarks++; // Messenger Kids flag; camelCase end-to-end-encrypted Messenger export
            }

            foreach (var uri in MetaMedia.Uris(value))
            {
                switch (MetaPlatforms.FromUri(uri))
                {
                    case MetaPlatform.Instagram:
                        InstagramMarks++;
                        break;
                    case MetaPlatform.Messenger:
                        MessengerMarks++;
                        break;
                }
            }

            return;
        }

        switch (path.Name(0))
        {
            case "participants":
                foreach (var participant in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : default)
                {
                    var name = participant.ValueKind == JsonValueKind.String ? participant.GetString() : participant.String("name");
                    if (MetaText.Fix(name) is { Length: > 0 } fixedName)
                    {
                        Add(fixedName);
                    }
                }

                break;
            case "title" or "threadName":
                Title = MetaText.Fix(JsonValues.AsString(value));
                break;
            case "thread_path":
                ThreadPath = JsonValues.AsString(value);
                break;
        }
    }

    private void Add(string name)
    {
        if (Participants.Count < MaxParticipants)
        {
            Participants.TryAdd(Identifier.ForName(name), name.Trim());
        }
    }
}
