using System.Text.Json;
using EvidencePipe.Identifiers;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// First pass over the export: the account holder (<c>personal_information</c>) and, per chat, its
/// name/type/id and senders — so that the second pass can give every message its recipients and
/// direction while still holding one message at a time. Damage is left for the second pass to report.
/// </summary>
internal sealed class TelegramSurvey
{
    public Dictionary<string, TelegramChat> Chats { get; } = new(StringComparer.Ordinal);

    /// <summary><c>handle:telegram:&lt;user_id&gt;</c> of the exporting account, when the export says.</summary>
    public string? AccountOwner { get; private set; }

    public string? AccountOwnerName { get; private set; }

    public TelegramChat Chat(string key)
    {
        if (!Chats.TryGetValue(key, out var chat))
        {
            chat = new TelegramChat(key);
            Chats[key] = chat;
        }

        return chat;
    }

    public static async Task<TelegramSurvey?> TakeAsync(EvidenceSource source, ReadContext context, int maxMessageBytes, CancellationToken cancellationToken)
    {
        var survey = new TelegramSurvey();
        return await JsonSurveyPass.RunAsync(source, context, TelegramJson.Decide, maxMessageBytes, survey.Take, cancellationToken).ConfigureAwait(false)
            ? survey
            : null;
    }

    private void Take(JsonPath path, JsonElement value)
    {
        if (path.Is("personal_information"))
        {
            if (value.String("user_id") is { Length: > 0 } id)
            {
                AccountOwner = TelegramPeer.FromUserId(id);
                var name = string.Join(' ', new[] { value.String("first_name"), value.String("last_name") }.Where(n => !string.IsNullOrWhiteSpace(n)));
                AccountOwnerName = name.Length > 0 ? name : null;
            }

            return;
        }

        var chat = Chat(TelegramJson.ChatKey(path));
        if (TelegramJson.IsMessage(path))
        {
            var (sender, name) = TelegramMessageMapper.SenderOf(value);
            if (sender is not null)
            {
                chat.AddSender(sender, name);
            }

            return;
        }

        switch (TelegramJson.ChatField(path))
        {
            case "name":
                chat.Name = JsonValues.AsString(value);
                break;
            case "type":
                chat.Type = JsonValues.AsString(value);
                break;
            case "id":
                chat.Id = JsonValues.AsString(value);
                break;
        }
    }

    /// <summary>Everyone known to take part in <paramref name="chat"/>: senders, the partner of a one-to-one chat, and the account holder.</summary>
    public SortedDictionary<string, string> Participants(TelegramChat chat)
    {
        var all = new SortedDictionary<string, string>(chat.Senders, StringComparer.Ordinal);
        if (chat.Partner is { } partner)
        {
            all.TryAdd(partner, chat.Name ?? Identifier.ValueOf(partner));
        }

        if (AccountOwner is { } owner)
        {
            all.TryAdd(owner, AccountOwnerName ?? Identifier.ValueOf(owner));
        }

        return all;
    }
}
