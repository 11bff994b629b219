using System.Text.Json;
using EvidencePipe.Identifiers;
using EvidencePipe.Readers.Json;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// Identifiers for Telegram peers. tdesktop writes <c>from_id</c>/<c>actor_id</c> as a peer type
/// and number (<c>user123</c>, <c>channel123</c>, <c>chat123</c>; export_output_json.cpp
/// <c>SerializePeerId</c>). User ids are the account's identity and become
/// <c>handle:telegram:123</c>; channel and basic-group ids live in other number spaces, so they keep
/// their prefix (<c>handle:telegram:channel123</c>) rather than risk colliding with a user. With no id
/// (older exports) only the display name is known: <c>name:Author 1</c>.
/// </summary>
internal static class TelegramPeer
{
    public const string Service = "telegram";

    public static string? Of(JsonElement message, string idProperty, string nameProperty)
    {
        if (message.String(idProperty) is { Length: > 0 } raw)
        {
            return FromPeerId(raw);
        }

        return message.String(nameProperty) is { } name && !string.IsNullOrWhiteSpace(name) ? Identifier.ForName(name) : null;
    }

    public static string FromPeerId(string raw)
    {
        var value = raw.Trim();
        if (value.StartsWith("user", StringComparison.Ordinal) && value.Length > 4 && value.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            value = value[4..];
        }

        return Identifier.ForHandle(Service, value);
    }

    /// <summary>A user id written as a bare number (a personal chat's <c>id</c>, <c>personal_information.user_id</c>).</summary>
    public static string FromUserId(string number) => Identifier.ForHandle(Service, number.Trim());
}
