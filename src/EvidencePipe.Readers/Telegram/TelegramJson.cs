using System.Text.Json;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// The shape of a Telegram Desktop "Export chat history" / "Export Telegram data" JSON file
/// (<c>result.json</c>), as written by tdesktop's export module (Telegram/SourceFiles/export/output/
/// export_output_json.cpp): a single chat is <c>{"name","type","id","messages":[…]}</c>; a whole
/// account is <c>{"about","personal_information",…,"chats":{"list":[chat…]},"left_chats":{"list":[…]}}</c>.
/// </summary>
internal static class TelegramJson
{
    public const string Messages = "messages";

    /// <summary>What the reader keeps of the document: messages and the chat fields before them, nothing else.</summary>
    public static JsonAction Decide(JsonPath path, JsonTokenType token)
    {
        var container = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
        if (path.Depth == 0)
        {
            return token == JsonTokenType.StartObject ? JsonAction.Descend : JsonAction.Skip;
        }

        if (path.Is("personal_information"))
        {
            return JsonAction.Capture;
        }

        // A single-chat export: the chat is the root.
        if (path.Depth <= 2 && ChatMember(path, 0) is { } action)
        {
            return action;
        }

        if (path.Is("chats") || path.Is("left_chats") || path.Is("chats", "list") || path.Is("left_chats", "list")
            || path.Is("chats", "list", "[]") || path.Is("left_chats", "list", "[]"))
        {
            return container ? JsonAction.Descend : JsonAction.Skip;
        }

        if (path.Depth is 4 or 5 && path.Name(1) == "list" && (path.Name(0) is "chats" or "left_chats"))
        {
            return ChatMember(path, 3) ?? JsonAction.Skip;
        }

        return JsonAction.Skip;
    }

    /// <summary>The chat's own fields start at segment <paramref name="at"/>: name/type/id, messages, messages[i].</summary>
    private static JsonAction? ChatMember(JsonPath path, int at)
    {
        var remaining = path.Depth - at;
        if (remaining == 1)
        {
            return path.Name(at) switch
            {
                "name" or "type" or "id" => JsonAction.Capture,
                Messages => JsonAction.Descend,
                _ => null,
            };
        }

        if (remaining == 2 && path.Name(at) == Messages && path.Name(at + 1) is null)
        {
            return JsonAction.Capture;
        }

        return null;
    }

    /// <summary>The chat a path belongs to: <c>""</c> for a single-chat export, <c>chats.list[3]</c> otherwise.</summary>
    public static string ChatKey(JsonPath path) => path.Depth >= 3 && path.Name(1) == "list" ? path.ToString(3) : string.Empty;

    /// <summary>True when the path is a message (<c>messages[i]</c> or <c>chats.list[c].messages[i]</c>).</summary>
    public static bool IsMessage(JsonPath path) =>
        path.Depth >= 2 && path.Name(path.Depth - 1) is null && path.Name(path.Depth - 2) == Messages;

    /// <summary>True when the path is a property of a message (<c>messages[i].type</c>).</summary>
    public static bool IsMessageMember(JsonPath path) =>
        path.Depth >= 3 && path.Name(path.Depth - 1) is not null && path.Name(path.Depth - 2) is null && path.Name(path.Depth - 3) == Messages;

    /// <summary>The chat field a scalar capture is (<c>name</c>, <c>type</c>, <c>id</c>), or null.</summary>
    public static string? ChatField(JsonPath path) =>
        path.Depth >= 1 && path.Name(path.Depth - 1) is "name" or "type" or "id" && !IsMessage(path) ? path.Name(path.Depth - 1) : null;
}
