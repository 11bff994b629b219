using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Persons;

/// <summary>
/// Infers the device owner when no <c>--owner</c> was given: the sender of the handset's outgoing
/// records, and the one sender present in every chat export (the owner is in all of their chats).
/// The basis is reported with the result.
/// </summary>
public static class OwnerInference
{
    public static (IReadOnlySet<string> Owners, string Basis) Infer(IEnumerable<CommunicationEvent> events) =>
        Infer(events.Select(e => new SenderObservation(e.From, e.Direction, e.ThreadId, e.Channel)));

    /// <summary>
    /// The same from only the four fields it looks at, so a case store can answer with a narrow query
    /// instead of materialising every event (a second full read of a million-event case).
    /// </summary>
    public static (IReadOnlySet<string> Owners, string Basis) Infer(IEnumerable<SenderObservation> events)
    {
        var outgoingSenders = new Dictionary<string, int>(StringComparer.Ordinal);
        var threadsBySender = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var threads = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.From is null)
            {
                continue;
            }

            if (e.Direction == Direction.Outgoing)
            {
                outgoingSenders[e.From] = outgoingSenders.GetValueOrDefault(e.From) + 1;
            }

            if (e.ThreadId is { } thread && e.Channel == Channels.WhatsApp)
            {
                threads.Add(thread);
                if (!threadsBySender.TryGetValue(e.From, out var set))
                {
                    threadsBySender[e.From] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(thread);
            }
        }

        var owners = new SortedSet<string>(StringComparer.Ordinal);
        var basis = new List<string>();
        if (outgoingSenders.Count > 0)
        {
            var top = outgoingSenders.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
            owners.Add(top.Key);
            basis.Add($"{top.Key} sent {top.Value} outgoing records");
        }

        if (threads.Count >= 2)
        {
            var inAll = threadsBySender.Where(kv => kv.Value.Count == threads.Count).Select(kv => kv.Key).ToList();
            if (inAll.Count == 1)
            {
                owners.Add(inAll[0]);
                basis.Add($"{inAll[0]} is the only sender in all {threads.Count} chat exports");
            }
        }

        return (owners, owners.Count == 0 ? "owner unknown: pass --owner" : "inferred: " + string.Join("; ", basis));
    }
}

/// <summary>Who sent a record, which way it went, and in which chat thread and channel.</summary>
public readonly record struct SenderObservation(string? From, Direction Direction, string? ThreadId, string Channel);
