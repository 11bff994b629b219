using System.Globalization;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Store.Sqlite;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The fields of an event's index document. Only the row id is stored: a hit is read back from the
/// store by it, the index holding only what finds and orders events.
/// </summary>
internal static class EventFields
{
    /// <summary>Row id, stored: read back for the hits only, to fetch their events from the store.</summary>
    public const string RowId = "rowid";

    /// <summary>
    /// The sort key: the time (UTC ms) in the high bits and the event id's first bits in the low ones, so the
    /// store's order (time, then id) is one number. Carried as the norm of <see cref="Meta"/> (see there), not
    /// as a numeric doc value.
    /// </summary>
    public const string SortKey = Meta;

    /// <summary>Bits of the id in <see cref="SortKey"/>: two events at the same millisecond tie on them with odds 2⁻¹⁹.</summary>
    public const int IdBits = 19;

    /// <summary>Times are offset by 2⁴³ ms (about 278 years either side of 1970) to keep the key positive; beyond that they are clamped.</summary>
    private const long TimeOffset = 1L << 43;

    public const long MaxTimePart = (1L << 44) - 1;

    public static long TimePart(long unixMilliseconds) => Math.Clamp(unixMilliseconds + TimeOffset, 0, MaxTimePart);

    public static long SortKeyOf(long unixMilliseconds, string id) => (TimePart(unixMilliseconds) << IdBits) | IdPart(id);

    /// <summary>The lowest sort key at <paramref name="unixMilliseconds"/>: before:/after: bounds.</summary>
    public static long FirstKeyAt(long unixMilliseconds) => TimePart(unixMilliseconds) << IdBits;

    /// <summary>Hex ids compare by their characters; their first 19 bits as a number compare the same way.</summary>
    private static long IdPart(string id) =>
        id.Length >= 5 && int.TryParse(id.AsSpan(0, 5), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v >> 1 : 0;

    public const string Text = "text";
    public const string Names = "names";
    public const string From = "from";
    public const string To = "to";

    /// <summary>
    /// One field for the exact terms <c>channel:</c>, <c>kind:</c>, <c>direction:</c> and <c>has:attachment</c>
    /// (<see cref="ChannelTerm"/>…), whose norm is the <see cref="SortKey"/> (<see cref="SortKeySimilarity"/>).
    /// Measured on 200k synth events (CPU per indexed event): four one-term fields and a numeric doc value cost
    /// 9.7 µs, this one field 7.3 µs. Lucene.Net 4.8.0-beta00018's NumericDocValuesWriter walks its bit set by
    /// reflection (RamUsageEstimator.SizeOf(object)) on every value added — a quarter of indexing time and 1 KB
    /// of garbage per event — while norms go through the same writer without that bit set.
    /// </summary>
    public const string Meta = "meta";

    public static string ChannelTerm(string channel) => "channel:" + channel;

    public static string KindTerm(EventKind kind) => "kind:" + ModelNames.Of(kind);

    public static string DirectionTerm(Direction direction) => "direction:" + ModelNames.Of(direction);

    public const string HasAttachmentTerm = "has:attachment";

    /// <summary>
    /// True for an identifier whose form is canonical wherever it comes from (<c>tel:</c> E.164, <c>email:</c> in
    /// lower case: <see cref="Identifiers.Identifier"/>): <c>from:</c>/<c>to:</c> one of these is the exact term
    /// <see cref="PartyTerm"/> of the meta field, found by one look-up. The words of the party fields would make it
    /// a phrase such as <c>tel 447700900333</c>, whose first word nearly every document holds: counting the
    /// 375,000 events of one sender at 10M events read both postings (28 ms of CPU), against a term's
    /// document frequency. <c>handle:</c> and <c>name:</c> values keep the phrase: they are kept as typed.
    /// </summary>
    public static bool IsExactParty(string identifier) =>
        identifier.StartsWith(Identifiers.Identifier.Tel, StringComparison.Ordinal) || identifier.StartsWith(Identifiers.Identifier.Email, StringComparison.Ordinal);

    /// <summary>The meta term of an exact party (<see cref="IsExactParty"/>): <c>from=tel:+447700900333</c>, <c>to=…</c>.</summary>
    public static string PartyTerm(bool from, string identifier) => (from ? "from=" : "to=") + TermNormalizer.Normalize(identifier);

    private static readonly FieldType PartyType = new(TextField.TYPE_NOT_STORED) { OmitNorms = true };

    /// <summary>Indexed, one term per value, documents only (no frequencies or positions), with a norm: the sort key.</summary>
    private static readonly FieldType MetaType = new()
    {
        IsIndexed = true,
        IsTokenized = true,
        OmitNorms = false,
        IndexOptions = IndexOptions.DOCS_ONLY,
    };

    /// <summary>
    /// One reusable set of fields per indexing thread: a Field made per document builds its token stream
    /// (and its attributes) anew each time, which profiling showed as a fifth of the indexing cost.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
        Justification = "One per indexing thread for the life of the process; the token stream holds no unmanaged resource.")]
    internal sealed class Builder
    {
        private readonly StoredField _rowId = new(RowId, 0L);
        private readonly MetaTokenStream _metaTerms = new();
        private readonly Field _meta;
        private readonly TextField _text = new(Text, string.Empty, Field.Store.NO);
        private readonly TextField _subject = new(Text, string.Empty, Field.Store.NO);
        private readonly TextField _names = new(Names, string.Empty, Field.Store.NO);
        private readonly Field _from = new(From, string.Empty, PartyType);
        private readonly Field _to = new(To, string.Empty, PartyType);
        private readonly List<IIndexableField> _fields = new(12);
        private readonly StringBuilder _sb = new();
        private readonly Dictionary<string, string> _channelTerms = new(StringComparer.Ordinal);

        // Identifier → its meta term, for each role: a case has few parties and many events, so each term is made once.
        // Cleared if it grows past PartyTermCacheLimit (a mailbox of one-off senders), which bounds its memory.
        private readonly Dictionary<string, string> _fromTerms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _toTerms = new(StringComparer.Ordinal);
        private const int PartyTermCacheLimit = 100_000;

        public Builder() => _meta = new Field(Meta, _metaTerms, MetaType);

        /// <summary>The fields of <paramref name="stored"/>, valid until the next call.</summary>
        public IReadOnlyList<IIndexableField> Fields(StoredEvent stored)
        {
            var e = stored.Event;
            _fields.Clear();
            _rowId.SetInt64Value(stored.RowId);
            if (!_channelTerms.TryGetValue(e.Channel, out var channel))
            {
                _channelTerms[e.Channel] = channel = ChannelTerm(e.Channel.ToLowerInvariant());
            }

            _metaTerms.Set(SortKeyOf(e.Time.UnixMilliseconds, e.Id), channel, KindTerms[(int)e.Kind], DirectionTerms[(int)e.Direction],
                e.Attachments.Count > 0 ? HasAttachmentTerm : null);
            if (e.From is not null && IsExactParty(e.From))
            {
                _metaTerms.Add(Term(_fromTerms, from: true, e.From));
            }

            foreach (var to in e.To)
            {
                if (IsExactParty(to))
                {
                    _metaTerms.Add(Term(_toTerms, from: false, to));
                }
            }

            _fields.Add(_rowId);
            _fields.Add(_meta);
            Add(_text, e.Text);
            Add(_subject, e.Subject);
            Add(_names, NamesText(e.Names));
            if (e.From is not null)
            {
                Add(_from, PartyText(e.From, e.Names, separator: string.Empty));
            }

            if (e.To.Count == 1)
            {
                Add(_to, PartyText(e.To[0], e.Names, separator: " "));
            }
            else if (e.To.Count > 1)
            {
                _sb.Clear();
                foreach (var to in e.To)
                {
                    // The identifier and its display name, so to: matches either (as the FTS5 index did), appended without
                    // making the pair's string first.
                    _sb.Append(to);
                    if (e.Names.TryGetValue(to, out var name))
                    {
                        _sb.Append(' ').Append(name);
                    }

                    _sb.Append(' ');
                }

                Add(_to, _sb.ToString());
            }

            return _fields;
        }

        /// <summary>
        /// The display names in the dictionary's order joined by spaces, as <c>string.Join(' ', names.Values)</c>. A
        /// sorted dictionary (the e-mail reader's, the store's) is walked with its struct enumerator: through the
        /// interface the join boxed it (LINQ's First for one name did too), and the join was a third of
        /// <see cref="Fields"/>' samples in a profile of the 20,000-message mailbox (perf, AOT, 2026-12-05). What is
        /// left is the string and the sorted set's walk: 266 → 265 MiB allocated per ingest of that mailbox.
        /// </summary>
        private string? NamesText(IReadOnlyDictionary<string, string> names)
        {
            if (names.Count == 0)
            {
                return null;
            }

            if (names is not SortedDictionary<string, string> sorted)
            {
                return string.Join(' ', names.Values);
            }

            if (sorted.Count == 1)
            {
                foreach (var value in sorted.Values)
                {
                    return value;
                }
            }

            _sb.Clear();
            var first = true;
            foreach (var value in sorted.Values)
            {
                if (!first)
                {
                    _sb.Append(' ');
                }

                _sb.Append(value);
                first = false;
            }

            return _sb.ToString();
        }

        // (identifier, display name or null, separator) → the party field's text: the same few parties, event after event.
        private readonly Dictionary<(string, string?, string), string> _partyTexts = [];

        /// <summary>The identifier and its display name (so <c>from:</c>/<c>to:</c> match either, as the FTS5 index did) followed by <paramref name="separator"/>, made once per party.</summary>
        private string PartyText(string identifier, IReadOnlyDictionary<string, string> names, string separator)
        {
            names.TryGetValue(identifier, out var name);
            if (!_partyTexts.TryGetValue((identifier, name, separator), out var text))
            {
                if (_partyTexts.Count >= PartyTermCacheLimit)
                {
                    _partyTexts.Clear();
                }

                _partyTexts[(identifier, name, separator)] = text = (name is null ? identifier : identifier + " " + name) + separator;
            }

            return text;
        }

        private static string Term(Dictionary<string, string> cache, bool from, string identifier)
        {
            if (!cache.TryGetValue(identifier, out var term))
            {
                if (cache.Count >= PartyTermCacheLimit)
                {
                    cache.Clear();
                }

                cache[identifier] = term = PartyTerm(from, identifier);
            }

            return term;
        }

        private void Add(Field field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                field.SetStringValue(value);
                _fields.Add(field);
            }
        }
    }

    private static readonly string[] KindTerms = Enum.GetValues<EventKind>().Select(KindTerm).ToArray();
    private static readonly string[] DirectionTerms = Enum.GetValues<Direction>().Select(DirectionTerm).ToArray();
}
