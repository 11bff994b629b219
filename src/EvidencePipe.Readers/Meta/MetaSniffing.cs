using System.Text.Json;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// Content test shared by the two Meta sniffers: the head is a JSON object whose <c>messages</c>
/// array holds an object with a sender (<c>sender_name</c>/<c>senderName</c>) and a millisecond time
/// (<c>timestamp_ms</c>/<c>timestamp</c>). Telegram messages have <c>from</c> and <c>date</c> instead.
/// </summary>
internal static class MetaSniffing
{
    public static bool LooksLikeConversation(ReadOnlySpan<byte> head)
    {
        if (!JsonHead.StartsWithObject(head))
        {
            return false;
        }

        string? message = null;
        var sender = false;
        var time = false;
        var found = false;
        JsonHead.Walk(head, Decide, (path, _) =>
        {
            var owner = path.ToString(2);
            if (owner != message)
            {
                (message, sender, time) = (owner, false, false);
            }

            switch (path.Name(2))
            {
                case "sender_name" or "senderName":
                    sender = true;
                    break;
                case "timestamp_ms" or "timestamp":
                    time = true;
                    break;
            }

            found = sender && time;
            return !found;
        });

        return found;
    }

    private static JsonAction Decide(JsonPath path, JsonTokenType token) => path.Depth switch
    {
        0 => JsonAction.Descend,
        1 => path.Name(0) == MetaJson.Messages ? JsonAction.Descend : JsonAction.Skip,
        2 => path.Name(1) is null ? JsonAction.Descend : JsonAction.Skip,
        3 => path.Name(2) is "sender_name" or "senderName" or "timestamp_ms" or "timestamp" && token is JsonTokenType.String or JsonTokenType.Number
            ? JsonAction.Capture
            : JsonAction.Skip,
        _ => JsonAction.Skip,
    };
}
