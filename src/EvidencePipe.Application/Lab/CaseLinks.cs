using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Store;

namespace EvidencePipe.Application.Lab;

/// <summary>One case to link: its name (a lab case's name, or a local case's directory) and its reader.</summary>
public sealed record LinkedCaseInput(string Name, ICaseReader Reader);

/// <summary>Where an identifier appears in one case.</summary>
public sealed record IdentifierInCase(string Case, long Events, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<string> Roles);

/// <summary>An identifier present in two or more cases.</summary>
public sealed record LinkedIdentifier(string Identifier, IReadOnlyList<IdentifierInCase> Cases);

/// <summary>
/// <c>links</c> (issue 20): identifiers — numbers, e-mail addresses, handles — that appear in two or more cases,
/// so reports about the same person across incidents are joined up. For each case: the events it appears in
/// (as sender or, on an event that is not incoming, as recipient), first and last seen (UTC), and its roles:
/// <c>owner</c> (one of the case's <c>--owner</c> identifiers, or the sender of an outgoing event) or
/// <c>counter-party</c>. Undated events are not counted (they have no first or last).
/// Noise is left out by <see cref="IsNoise"/>. Ordered by the number of cases (most first), then identifier (ordinal).
/// </summary>
public static class CaseLinks
{
    public const string Owner = "owner";
    public const string CounterParty = "counter-party";

    // Local parts of addresses that are services, not people (RFC 2142 role mailboxes and the no-reply family).
    private static readonly HashSet<string> ServiceMailboxes = new(StringComparer.Ordinal)
    {
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon", "postmaster",
        "notification", "notifications", "alerts", "bounce", "bounces", "abuse", "hostmaster", "webmaster",
    };

    /// <summary>
    /// The noise rule: an identifier shared by many unrelated cases because it is a service, not a person —
    /// display names (<c>name:</c>: the same first name is not the same person), short codes and alphanumeric
    /// sender ids (<c>tel:</c> values libphonenumber's check calls <c>short-code</c> or <c>alphanumeric</c>: banks,
    /// delivery firms, 2FA), and service mailboxes (<see cref="ServiceMailboxes"/>, also with a <c>+tag</c>).
    /// </summary>
    public static bool IsNoise(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.StartsWith(Identifier.Name, StringComparison.Ordinal))
        {
            return true;
        }

        if (PhoneNormalizer.Check(identifier) is "short-code" or "alphanumeric")
        {
            return true;
        }

        if (identifier.StartsWith(Identifier.Email, StringComparison.Ordinal))
        {
            var local = identifier[Identifier.Email.Length..];
            var at = local.IndexOf('@', StringComparison.Ordinal);
            local = at < 0 ? local : local[..at];
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            return ServiceMailboxes.Contains(plus < 0 ? local : local[..plus]);
        }

        return false;
    }

    public static IReadOnlyList<LinkedIdentifier> Find(IReadOnlyList<LinkedCaseInput> cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var seen = new Dictionary<string, List<IdentifierInCase>>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            var owners = c.Reader.GetMeta(CaseMetaKeys.Owners) is { } json
                ? (JsonSerializer.Deserialize(json, ListJson.Default.StringArray) ?? []).ToHashSet(StringComparer.Ordinal)
                : [];
            var tally = new Dictionary<string, (long Events, long First, long Last, bool Owner, bool CounterParty)>(StringComparer.Ordinal);
            foreach (var row in c.Reader.ReadParties(cancellationToken))
            {
                if (row.From is { } from)
                {
                    Count(tally, from, row.TimeMs, owners.Contains(from) || row.Direction == Direction.Outgoing);
                }

                foreach (var to in row.To.Distinct(StringComparer.Ordinal))
                {
                    if (to != row.From)
                    {
                        Count(tally, to, row.TimeMs, owners.Contains(to));
                    }
                }
            }

            foreach (var (identifier, t) in tally)
            {
                if (IsNoise(identifier))
                {
                    continue;
                }

                List<string> roles = [];
                if (t.Owner)
                {
                    roles.Add(Owner);
                }

                if (t.CounterParty)
                {
                    roles.Add(CounterParty);
                }

                if (!seen.TryGetValue(identifier, out var list))
                {
                    seen[identifier] = list = [];
                }

                list.Add(new IdentifierInCase(c.Name, t.Events, DateTimeOffset.FromUnixTimeMilliseconds(t.First), DateTimeOffset.FromUnixTimeMilliseconds(t.Last), roles));
            }
        }

        return seen.Where(kv => kv.Value.Count >= 2)
            .Select(kv => new LinkedIdentifier(kv.Key, kv.Value))
            .OrderByDescending(l => l.Cases.Count)
            .ThenBy(l => l.Identifier, StringComparer.Ordinal)
            .ToList();
    }

    private static void Count(Dictionary<string, (long Events, long First, long Last, bool Owner, bool CounterParty)> tally, string identifier, long timeMs, bool asOwner)
    {
        var t = tally.TryGetValue(identifier, out var found) ? found : (0, long.MaxValue, long.MinValue, false, false);
        tally[identifier] = (t.Events + 1, Math.Min(t.First, timeMs), Math.Max(t.Last, timeMs), t.Owner || asOwner, t.CounterParty || !asOwner);
    }
}
