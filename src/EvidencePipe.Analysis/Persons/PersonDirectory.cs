using System.Security.Cryptography;
using System.Text;

namespace EvidencePipe.Analysis.Persons;

/// <summary>A display name seen for an identifier, and where it came from (record, address-book, alias).</summary>
public sealed record NameEvidence(string Identifier, string Name, string Basis);

/// <summary>An address-book card: one person's name and identifiers.</summary>
public sealed record CardEvidence(string? Name, IReadOnlyList<string> Identifiers, string Source);

/// <summary>
/// Why two identifiers are taken to be the same person: <paramref name="Kind"/> is the rule
/// (<see cref="LinkKinds"/>), <paramref name="Basis"/> the sentence an officer reads, and
/// <paramref name="Inferred"/> says it is a proposal to be confirmed rather than a recorded fact.
/// </summary>
public sealed record PersonLink(string A, string B, string Kind, string Basis, bool Inferred);

/// <summary>The rules that join identifiers, and whether each is a recorded fact or an inference.</summary>
public static class LinkKinds
{
    /// <summary>The investigator said so (<c>--owner</c>): firm.</summary>
    public const string Owner = "owner";

    /// <summary>Both on one address-book card: firm (the handset's user recorded it).</summary>
    public const string AddressBook = "address-book";

    /// <summary>An analyst's alias file: firm (an officer's decision).</summary>
    public const string Alias = "alias";

    /// <summary>
    /// The same display name in different sources: inferred, because names are not unique
    /// ("Mum" on two handsets need not be the same person).
    /// </summary>
    public const string DisplayName = "display-name";

    /// <summary>A bare first name matching exactly one full name: inferred.</summary>
    public const string FirstName = "first-name";

    /// <summary>A new identifier that started after a refusal or block and identified itself: inferred.</summary>
    public const string IdentitySwitch = "identity-switch";
}

/// <summary>A person: a group of identifiers with a stable id, a label and the links that joined them.</summary>
public sealed record Person(string Id, string Label, IReadOnlyList<string> Identifiers, IReadOnlyList<PersonLink> Links, bool IsOwner);

/// <summary>
/// Groups identifiers into persons (DESIGN.md "Event model": address books, the same display name
/// across sources, the owner, an analyst's alias file). Every proposed link is collected first and
/// then applied in one pass — owner links, then firm links, then inferred ones — over a union-find,
/// and the persons are built once. Rules that keep the grouping defensible:
/// <list type="bullet">
/// <item>Only <c>--owner</c> makes an identifier the owner's. Any other link that would join a
/// counter-party to the owner, inferred or not, is refused and kept in <see cref="Refused"/>: merging
/// would drop the counter-party's incoming events as the owner's own.</item>
/// <item>Person ids are stable: <c>P-</c> and the first 10 hex digits of the SHA-256 of the person's
/// anchor identifier (the first of its identifiers by scheme — tel, email, handle, name — then
/// ordinal order). The same evidence gives the same ids on every run and after re-ingest, so
/// <c>--order party=P-…</c> keeps naming the same person; an id changes only if new evidence joins
/// an identifier that sorts before the anchor (e.g. a phone number joining a name-only person).</item>
/// </list>
/// </summary>
public sealed class PersonDirectory
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);
    private readonly List<PersonLink> _links = [];
    private readonly List<PersonLink> _refused = [];
    private readonly Dictionary<string, List<NameEvidence>> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliasLabels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _owners;
    private readonly Dictionary<string, Person> _byIdentifier;
    private readonly Dictionary<string, Person> _singletons = new(StringComparer.Ordinal);

    public PersonDirectory(IEnumerable<NameEvidence> names, IEnumerable<CardEvidence> cards, IEnumerable<(string Label, string Identifier)> aliases, IReadOnlySet<string> owners)
    {
        _owners = new HashSet<string>(owners, StringComparer.Ordinal);
        var cardList = cards.ToList();
        var cardNames = cardList.Where(c => !string.IsNullOrWhiteSpace(c.Name))
            .SelectMany(c => c.Identifiers.Select(id => new NameEvidence(id, c.Name!, "address-book")));
        foreach (var n in names.Concat(cardNames).Distinct())
        {
            Add(n.Identifier);
            if (!_names.TryGetValue(n.Identifier, out var list))
            {
                _names[n.Identifier] = list = [];
            }

            list.Add(n);
        }

        var proposals = new List<PersonLink>();
        var ownerList = _owners.Order(StringComparer.Ordinal).ToList();
        for (var i = 1; i < ownerList.Count; i++)
        {
            proposals.Add(new PersonLink(ownerList[0], ownerList[i], LinkKinds.Owner, "device owner (--owner)", Inferred: false));
        }

        foreach (var card in cardList)
        {
            for (var i = 1; i < card.Identifiers.Count; i++)
            {
                proposals.Add(new PersonLink(card.Identifiers[0], card.Identifiers[i], LinkKinds.AddressBook, $"same address-book card '{card.Name}' ({card.Source})", Inferred: false));
            }
        }

        foreach (var (label, identifier) in aliases)
        {
            var key = "alias:" + label;
            _aliasLabels[key] = label;
            proposals.Add(new PersonLink(key, identifier, LinkKinds.Alias, $"analyst alias file: '{label}'", Inferred: false));
        }

        proposals.AddRange(DisplayNameLinks());
        foreach (var id in _owners.Concat(cardList.SelectMany(c => c.Identifiers)))
        {
            Add(id);
        }

        // Firm links before inferred ones, so a refusal never depends on the order the evidence was read.
        foreach (var link in proposals.Where(l => !l.Inferred).Concat(proposals.Where(l => l.Inferred)))
        {
            Apply(link);
        }

        _byIdentifier = Build();
    }

    private PersonDirectory(PersonDirectory settled, IEnumerable<PersonLink> extra)
    {
        _owners = settled._owners;
        foreach (var (k, v) in settled._parent)
        {
            _parent[k] = v;
        }

        _links.AddRange(settled._links);
        _refused.AddRange(settled._refused);
        foreach (var (k, v) in settled._names)
        {
            _names[k] = v;
        }

        foreach (var (k, v) in settled._aliasLabels)
        {
            _aliasLabels[k] = v;
        }

        foreach (var link in extra)
        {
            Apply(link);
        }

        _byIdentifier = Build();
    }

    public IReadOnlySet<string> Owners => _owners;

    /// <summary>Links that were proposed but not applied because they would join a counter-party to the owner.</summary>
    public IReadOnlyList<PersonLink> Refused => _refused;

    /// <summary>
    /// A new directory with further links (identity switches found by the analysis) applied to the
    /// settled persons under the same rules; this one is left as it was.
    /// </summary>
    public PersonDirectory With(IEnumerable<PersonLink> links) => new(this, links);

    /// <summary>The person an identifier belongs to; an identifier no evidence mentioned is a person of its own.</summary>
    public Person Of(string identifier)
    {
        if (_byIdentifier.TryGetValue(identifier, out var person) || _singletons.TryGetValue(identifier, out person))
        {
            return person;
        }

        person = new Person(IdFor(identifier), identifier, [identifier], [], _owners.Contains(identifier));
        _singletons[identifier] = person;
        return person;
    }

    public bool IsOwner(string identifier) => _owners.Contains(identifier) || Of(identifier).IsOwner;

    /// <summary>The best display name for an identifier: address book first, then names seen in records.</summary>
    public string? NameOf(string identifier) =>
        _names.TryGetValue(identifier, out var list)
            ? list.OrderBy(n => n.Basis == "address-book" ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal).Select(n => n.Name).FirstOrDefault()
            : null;

    /// <summary>The stable id of a person anchored on <paramref name="anchor"/> (see the class remarks).</summary>
    public static string IdFor(string anchor)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(anchor), hash);
        return "P-" + Convert.ToHexStringLower(hash[..5]);
    }

    /// <summary>The identifier a person's id is derived from: the first by scheme (tel, email, handle, other, name), then ordinal.</summary>
    public static string AnchorOf(IEnumerable<string> identifiers) =>
        identifiers.OrderBy(SchemeRank).ThenBy(i => i, StringComparer.Ordinal).First();

    private static int SchemeRank(string identifier) =>
        identifier.StartsWith("tel:", StringComparison.Ordinal) ? 0
        : identifier.StartsWith("email:", StringComparison.Ordinal) ? 1
        : identifier.StartsWith("handle:", StringComparison.Ordinal) ? 2
        : identifier.StartsWith("name:", StringComparison.Ordinal) ? 4
        : identifier.StartsWith("alias:", StringComparison.Ordinal) ? 5
        : 3;

    private void Apply(PersonLink link)
    {
        Add(link.A);
        Add(link.B);
        var ra = Find(link.A);
        var rb = Find(link.B);
        if (ra == rb)
        {
            return;
        }

        // Only --owner makes an identifier the owner's; any other link across that line is refused.
        if (IsOwnerRoot(ra) != IsOwnerRoot(rb) && link.Kind != LinkKinds.Owner)
        {
            _refused.Add(link);
            return;
        }

        var (root, child) = string.CompareOrdinal(ra, rb) < 0 ? (ra, rb) : (rb, ra);
        _parent[child] = root;
        _links.Add(link);
    }

    private bool IsOwnerRoot(string root) => _owners.Contains(root) || _owners.Any(o => _parent.ContainsKey(o) && Find(o) == root);

    private IEnumerable<PersonLink> DisplayNameLinks()
    {
        // Exact (normalised) display-name matches across identifiers.
        var byName = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (identifier, list) in _names)
        {
            foreach (var n in list)
            {
                var key = Normalise(n.Name);
                if (key.Length < 2)
                {
                    continue;
                }

                if (!byName.TryGetValue(key, out var set))
                {
                    byName[key] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(identifier);
            }
        }

        foreach (var (name, set) in byName)
        {
            var first = set.Min!;
            foreach (var other in set.Skip(1))
            {
                yield return new PersonLink(first, other, LinkKinds.DisplayName, $"same display name '{name}' in different sources", Inferred: true);
            }
        }

        // A bare first name (a WhatsApp sender "Jordan") matching the first name of exactly one
        // address-book or record name ("Jordan Blake"): a likely but unproven link.
        foreach (var (key, set) in byName)
        {
            if (key.Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }

            var matches = byName.Where(kv => kv.Key.StartsWith(key + " ", StringComparison.Ordinal)).ToList();
            if (matches.Count == 1)
            {
                yield return new PersonLink(set.Min!, matches[0].Value.Min!, LinkKinds.FirstName, $"first name '{key}' matches only '{matches[0].Key}'", Inferred: true);
            }
        }
    }

    private static string Normalise(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsWhiteSpace(c) && sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }

        return sb.ToString().Trim();
    }

    private void Add(string identifier) => _parent.TryAdd(identifier, identifier);

    private string Find(string x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }

        return x;
    }

    private Dictionary<string, Person> Build()
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in _parent.Keys)
        {
            var root = Find(id);
            if (!groups.TryGetValue(root, out var members))
            {
                groups[root] = members = [];
            }

            members.Add(id);
        }

        var linksByRoot = _links.GroupBy(l => Find(l.A), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var map = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var (root, g) in groups)
        {
            var ids = g.Where(i => !i.StartsWith("alias:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var label = g.Where(_aliasLabels.ContainsKey).Select(a => _aliasLabels[a]).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? ids.Select(NameOf).Where(n => n is not null).OrderByDescending(n => n!.Length).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault()
                ?? ids.FirstOrDefault() ?? root;
            var person = new Person(IdFor(AnchorOf(g)), label, ids, linksByRoot.GetValueOrDefault(root) ?? [], ids.Any(_owners.Contains));
            foreach (var id in g)
            {
                map[id] = person;
            }
        }

        return map;
    }
}
