using System.Text.Json;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Meta;

/// <summary>
/// The shape of a Messenger or Instagram conversation file (<c>message_1.json</c>) from Meta's
/// "Download your information" export: <c>{"participants":[{"name"}],"messages":[…],"title",
/// "thread_path",…}</c>, messages newest first with <c>sender_name</c>, <c>timestamp_ms</c>,
/// <c>content</c>, media lists of <c>{"uri"}</c>, <c>share</c> and <c>reactions</c>. Facebook's
/// end-to-end-encrypted Messenger export uses camelCase instead (<c>senderName</c>,
/// <c>timestamp</c>, <c>text</c>, <c>media</c>, <c>threadName</c>), read the same way.
/// </summary>
internal static class MetaJson
{
    public const string Messages = "messages";

    public static JsonAction Decide(JsonPath path, JsonTokenType token)
    {
        if (path.Depth == 0)
        {
            return token == JsonTokenType.StartObject ? JsonAction.Descend : JsonAction.Skip;
        }

        if (path.Depth == 1)
        {
            return path.Name(0) switch
            {
                Messages => JsonAction.Descend,
                "participants" or "title" or "threadName" or "thread_path" or "thread_type" => JsonAction.Capture,
                _ => JsonAction.Skip,
            };
        }

        return IsMessage(path) ? JsonAction.Capture : JsonAction.Skip;
    }

    public static bool IsMessage(JsonPath path) => path.Depth == 2 && path.Name(0) == Messages && path.Name(1) is null;

    public static string? SenderName(JsonElement message) => MetaText.Fix(message.String("sender_name") ?? message.String("senderName"));

    public static long? Timestamp(JsonElement message) => message.Int64("timestamp_ms") ?? message.Int64("timestamp");
}
