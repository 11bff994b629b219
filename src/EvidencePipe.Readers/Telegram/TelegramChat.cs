using EvidencePipe.Identifiers;

namespace EvidencePipe.Readers.Telegram;

/// <summary>One chat of the export as the survey found it: its own fields and who wrote in it.</summary>
internal sealed class TelegramChat(string key)
{
    /// <summary>Senders kept per chat; a channel with more writers than this still reads, its recipients are just the first ones seen.</summary>
    public const int MaxParticipants = 1024;

    public string Key { get; } = key;

    public string? Name { get; set; }

    /// <summary>tdesktop's chat type: personal_chat, bot_chat, saved_messages, private_group, private_supergroup, public_supergroup, private_channel, public_channel, …</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }

    /// <summary>Identifier → display name of everyone who wrote (or called) in the chat.</summary>
    public SortedDictionary<string, string> Senders { get; } = new(StringComparer.Ordinal);

    public bool SendersCapped { get; private set; }

    /// <summary>In a one-to-one chat tdesktop's chat id is the other user's id (the partner).</summary>
    public bool IsOneToOne => Type is "personal_chat" or "bot_chat";

    public string? Partner => IsOneToOne && Id is { Length: > 0 } id ? TelegramPeer.FromUserId(id) : null;

    public void AddSender(string identifier, string? name)
    {
        if (Senders.ContainsKey(identifier))
        {
            if (name is not null && Senders[identifier] == Identifier.ValueOf(identifier))
            {
                Senders[identifier] = name;
            }

            return;
        }

        if (Senders.Count >= MaxParticipants)
        {
            SendersCapped = true;
            return;
        }

        Senders[identifier] = name ?? Identifier.ValueOf(identifier);
    }
}
