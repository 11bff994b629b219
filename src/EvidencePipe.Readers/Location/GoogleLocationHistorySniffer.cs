using System.Text.Json;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Location;

/// <summary>
/// Recognises Google location history JSON by content: a JSON object whose head shows a <c>locations[]</c> element
/// with <c>latitudeE7</c>, a <c>semanticSegments[]</c> element with <c>startTime</c>, or a <c>rawSignals[]</c> element
/// with a <c>position</c>. No chat export has these members.
/// </summary>
public sealed class GoogleLocationHistorySniffer : IFormatSniffer
{
    public string Format => GoogleLocationHistoryReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (!JsonHead.StartsWithObject(head))
        {
            return false;
        }

        var found = false;
        JsonHead.Walk(head, Decide, (_, _) =>
        {
            found = true;
            return false;
        });
        return found;
    }

    private static JsonAction Decide(JsonPath path, JsonTokenType token)
    {
        if (path.Depth <= 2)
        {
            var action = GoogleLocationHistoryReader.Decide(path, token);
            return action == JsonAction.Capture ? (token == JsonTokenType.StartObject ? JsonAction.Descend : JsonAction.Skip) : action;
        }

        return path.Depth == 3 && (path.Name(0), path.Name(2)) is ("locations", "latitudeE7") or ("semanticSegments", "startTime") or ("rawSignals", "position")
            ? JsonAction.Capture
            : JsonAction.Skip;
    }
}
