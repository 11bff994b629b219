using System.Text.Json;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// Recognises a Telegram Desktop JSON export by content: a JSON object whose head shows either a
/// Telegram message (an element of <c>messages</c> with <c>type</c> "message"/"service" and a
/// <c>date</c>/<c>date_unixtime</c>), or the account export's <c>personal_information.user_id</c>
/// beside <c>about</c>. Messenger/Instagram messages (<c>sender_name</c>, <c>timestamp_ms</c>) have
/// neither.
/// </summary>
public sealed class TelegramJsonSniffer : IFormatSniffer
{
    public string Format => TelegramJsonReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (!JsonHead.StartsWithObject(head))
        {
            return false;
        }

        var found = false;
        var about = false;
        var userId = false;
        string? message = null;
        var typed = false;
        var dated = false;
        JsonHead.Walk(head, Decide, (path, value) =>
        {
            if (path.Is("about"))
            {
                about = true;
            }
            else if (path.Is("personal_information", "user_id"))
            {
                userId = true;
            }
            else if (TelegramJson.IsMessageMember(path))
            {
                var owner = path.ToString(path.Depth - 1);
                if (owner != message)
                {
                    (message, typed, dated) = (owner, false, false);
                }

                switch (path.Name(path.Depth - 1))
                {
                    case "type":
                        typed |= JsonValues.AsString(value) is "message" or "service";
                        break;
                    case "date" or "date_unixtime":
                        dated = true;
                        break;
                }
            }

            found = (typed && dated) || (about && userId);
            return !found;
        });

        return found;
    }

    private static JsonAction Decide(JsonPath path, JsonTokenType token)
    {
        if (path.Depth == 0 || path.Is("personal_information"))
        {
            return JsonAction.Descend;
        }

        if (path.Is("about") || path.Is("personal_information", "user_id"))
        {
            return JsonAction.Capture;
        }

        if (TelegramJson.IsMessageMember(path) && path.Name(path.Depth - 1) is "type" or "date" or "date_unixtime")
        {
            return token is JsonTokenType.String or JsonTokenType.Number ? JsonAction.Capture : JsonAction.Skip;
        }

        var action = TelegramJson.Decide(path, token);
        return action == JsonAction.Capture ? JsonAction.Descend : action;
    }
}
