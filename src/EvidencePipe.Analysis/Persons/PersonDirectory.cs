using System.Text;

namespace EvidencePipe.Analysis.Persons;

/// <summary>A display name seen for an identifier, and where it came from (record, address-book, alias).</summary>
public sealed record NameEvidence(string Identifier, string Name, string Basis);

/// <summary>An address-book card: one person's name and identifiers.</summary>
public sealed record CardEvidence(string? Name, IReadOnlyList<string> Identifiers, string Source);

/// <summary>Why two identifiers are taken to be the same person. Inferred links are marked.</summary>
public sealed record PersonLink(string A, string B, string Basis, bool Inferred);

/// <summary>A person: a group of identifiers with a label and the links that joined them.</summary>
public sealed record Person(string Id, string Label, IReadOnlyList<string> Identifiers, IReadOnlyList<PersonLink> Links, bool IsOwner);

/// <summary>
/// Groups identifiers into persons (DESIGN.md "Event model": address books, the same display name
/// across sources, the owner, an analyst's alias file). Union-find over identifiers; every join
/// records its basis so the grouping can be explained and challenged.
/// </summary>
public sealed class PersonDirectory
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);
    private readonly List<PersonLink> _links = [];
    private readonly Dictionary<string, List<NameEvidence>> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliasLabels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _owners;
    private Dictionary<string, Person>? _byIdentifier;

    public PersonDirectory(IEnumerable<NameEvidence> names, IEnumerable<CardEvidence> cards, IEnumerable<(string Label, string Identifier)> aliases, IReadOnlySet<string> owners)
    {
        _owners = new HashSet<string>(owners, StringComparer.Ordinal);
        cards = cards.ToList();
        var cardNames = cards.Where(c => !string.IsNullOrWhiteSpace(c.Name))
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

        foreach (var card in cards)
        {
            for (var i = 1; i < card.Identifiers.Count; i++)
            {
                Link(card.Identifiers[0], card.Identifiers[i], $"same address-book card '{card.Name}' ({card.Source})", inferred: false);
            }

            foreach (var id in card.Identifiers)
            {
                Add(id);
            }
        }

        foreach (var (label, identifier) in aliases)
        {
            var key = "alias:" + label;
            Link(key, identifier, $"analyst alias file: '{label}'", inferred: false);
            _aliasLabels[key] = label;
        }

        var ownerList = _owners.Order(StringComparer.Ordinal).ToList();
        for (var i = 1; i < ownerList.Count; i++)
        {
            Link(ownerList[0], ownerList[i], "device owner (--owner)", inferred: false);
        }

        LinkSameDisplayNames();
    }

    public IReadOnlySet<string> Owners => _owners;

    /// <summary>Joins two identifiers (e.g. an identity switch found by the analysis).</summary>
    public void Link(string a, string b, string basis, bool inferred)
    {
        Add(a);
        Add(b);
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb)
        {
            return;
        }

        // Never merge a counter-party into the owner by name alone.
        if (_owners.Contains(ra) != _owners.Contains(rb) && basis.StartsWith("same display name", StringComparison.Ordinal))
        {
            return;
        }

        _parent[string.CompareOrdinal(ra, rb) < 0 ? rb : ra] = string.CompareOrdinal(ra, rb) < 0 ? ra : rb;
        _links.Add(new PersonLink(a, b, basis, inferred));
        _byIdentifier = null;
    }

    public Person Of(string identifier)
    {
        Add(identifier);
        _byIdentifier ??= Build();
        if (!_byIdentifier.TryGetValue(identifier, out var person))
        {
            _byIdentifier = Build();
            person = _byIdentifier[identifier];
        }

        return person;
    }

    public bool IsOwner(string identifier) => Of(identifier).IsOwner;

    /// <summary>The best display name for an identifier: address book first, then names seen in records.</summary>
    public string? NameOf(string identifier) =>
        _names.TryGetValue(identifier, out var list)
            ? list.OrderBy(n => n.Basis == "address-book" ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal).Select(n => n.Name).FirstOrDefault()
            : null;

    private void LinkSameDisplayNames()
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
                Link(first, other, $"same display name '{name}' in different sources", inferred: false);
            }
        }

        // A bare first name (a WhatsApp sender "Jordan") matching the first name of exactly one
        // address-book or record name ("Jordan Blake"): a likely but unproven link, marked inferred.
        foreach (var (key, set) in byName)
        {
            if (key.Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }

            var matches = byName.Where(kv => kv.Key.StartsWith(key + " ", StringComparison.Ordinal)).ToList();
            if (matches.Count == 1)
            {
                Link(set.Min!, matches[0].Value.Min!, $"first name '{key}' matches only '{matches[0].Key}'", inferred: true);
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
        var groups = _parent.Keys.GroupBy(Find, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, Person>(StringComparer.Ordinal);
        var index = 0;
        foreach (var g in groups)
        {
            var ids = g.Where(i => !i.StartsWith("alias:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var members = g.ToHashSet(StringComparer.Ordinal);
            var label = g.Where(_aliasLabels.ContainsKey).Select(a => _aliasLabels[a]).FirstOrDefault()
                ?? ids.Select(NameOf).Where(n => n is not null).OrderByDescending(n => n!.Length).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault()
                ?? ids.FirstOrDefault() ?? g.Key;
            var links = _links.Where(l => members.Contains(l.A)).ToList();
            var person = new Person($"P{++index:0000}", label, ids, links, ids.Any(_owners.Contains));
            foreach (var id in g)
            {
                map[id] = person;
            }
        }

        return map;
    }
}
