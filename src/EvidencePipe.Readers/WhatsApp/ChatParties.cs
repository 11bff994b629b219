using System.Collections.ObjectModel;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Who a chat is between, decided once per file from the survey and the file name. In a two-party
/// chat "all other participants" is the one other sender; in a group it is everyone else who wrote,
/// so one rule serves both. A group is a chat with more than two senders, or one whose file name
/// names someone who never wrote in it (then the name is the group's).
/// </summary>
internal sealed class ChatParties
{
    private static readonly IReadOnlyDictionary<string, string> NoNames = new SortedDictionary<string, string>(StringComparer.Ordinal);

    private readonly SortedDictionary<string, string> _participants;
    private readonly Dictionary<string, (IReadOnlyList<string> To, IReadOnlyDictionary<string, string> Names)> _bySender = new(StringComparer.Ordinal);

    public ChatParties(ChatSurvey survey, ReadContext context)
    {
        _participants = survey.Participants;
        ChatName = WhatsApp.ChatName.FromFileName(context.Source.FileName);
        var partner = ChatName is null ? null : SenderIdentity.Of(ChatName, context);
        IsGroup = _participants.Count > 2 || (partner is not null && !_participants.ContainsKey(partner));
        OwnerKnown = _participants.Keys.Any(context.Settings.IsOwner);
        ThreadId = "whatsapp:" + (ChatName
            ?? (_participants.Count > 0 ? string.Join(",", _participants.Keys) : Path.GetFileNameWithoutExtension(context.Source.FileName)));
    }

    public string? ChatName { get; }

    public bool IsGroup { get; }

    /// <summary>One of the senders is the device owner per the case settings, so the others' messages came in.</summary>
    public bool OwnerKnown { get; }

    public string ThreadId { get; }

    public bool IsParticipant(string identifier) => _participants.ContainsKey(identifier);

    /// <summary>Recipients and display names for a message from <paramref name="sender"/> (shared, immutable).</summary>
    public (IReadOnlyList<string> To, IReadOnlyDictionary<string, string> Names) For(string? sender, string? senderDisplay)
    {
        if (sender is null)
        {
            return ([], NoNames);
        }

        if (_bySender.TryGetValue(sender, out var cached))
        {
            return cached;
        }

        var to = new List<string>(_participants.Count);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, display) in _participants)
        {
            if (!string.Equals(id, sender, StringComparison.Ordinal))
            {
                to.Add(id);
            }

            names[id] = display;
        }

        names.TryAdd(sender, senderDisplay ?? sender);
        var entry = ((IReadOnlyList<string>)to.AsReadOnly(), (IReadOnlyDictionary<string, string>)new ReadOnlyDictionary<string, string>(names));

        // Only participants are cached: senders beyond the participant cap would grow it without bound.
        if (_participants.ContainsKey(sender))
        {
            _bySender[sender] = entry;
        }

        return entry;
    }
}
