using System.Collections.ObjectModel;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Who a chat is between, decided once per file from the survey and the file name. A group is a
/// chat with more than two senders, or one whose file name names someone who never wrote in it (the
/// name is then the group's). Recipients are "every other sender": in a two-party chat that is the one
/// other party, in a group every other participant, so one rule serves both and the group/two-party
/// distinction needs no flag of its own.
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
        OwnerKnown = _participants.Keys.Any(context.Settings.IsOwner);

        // The file's chat name (partner or group) names the thread; iOS "_chat.txt" has none, so the
        // sorted participants stand in for it.
        ThreadId = "whatsapp:" + (ChatName
            ?? (_participants.Count > 0 ? string.Join(",", _participants.Keys) : Path.GetFileNameWithoutExtension(context.Source.FileName)));
    }

    public string? ChatName { get; }

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
