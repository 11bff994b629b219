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
    /// The one doc value: the time (UTC ms) in the high bits and the event id's first bits in the low ones,
    /// so the store's order (time, then id) is one number. One numeric doc-value field, not three: in
    /// Lucene.Net 4.8.0-beta00018 every numeric doc value added measures its writer's memory by reflection
    /// (NumericDocValuesWriter.DocsWithFieldBytesUsed), a seventh of indexing time for three fields.
    /// </summary>
    public const string SortKey = "sortkey";

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
    public const string Channel = "channel";
    public const string Kind = "kind";
    public const string Direction = "direction";
    public const string Has = "has";
    public const string HasAttachment = "attachment";

    private static readonly FieldType PartyType = new(TextField.TYPE_NOT_STORED) { OmitNorms = true };

    /// <summary>
    /// One reusable set of fields per indexing thread: a Field made per document builds its token stream
    /// (and its attributes) anew each time, which profiling showed as a fifth of the indexing cost.
    /// </summary>
    internal sealed class Builder
    {
        private readonly StoredField _rowId = new(RowId, 0L);
        private readonly NumericDocValuesField _sortKey = new(SortKey, 0);
        private readonly StringField _channel = new(Channel, string.Empty, Field.Store.NO);
        private readonly StringField _kind = new(Kind, string.Empty, Field.Store.NO);
        private readonly StringField _direction = new(Direction, string.Empty, Field.Store.NO);
        private readonly TextField _text = new(Text, string.Empty, Field.Store.NO);
        private readonly TextField _subject = new(Text, string.Empty, Field.Store.NO);
        private readonly TextField _names = new(Names, string.Empty, Field.Store.NO);
        private readonly Field _from = new(From, string.Empty, PartyType);
        private readonly Field _to = new(To, string.Empty, PartyType);
        private readonly StringField _has = new(Has, HasAttachment, Field.Store.NO);
        private readonly List<IIndexableField> _fields = new(12);
        private readonly StringBuilder _sb = new();

        /// <summary>The fields of <paramref name="stored"/>, valid until the next call.</summary>
        public IReadOnlyList<IIndexableField> Fields(StoredEvent stored)
        {
            var e = stored.Event;
            _fields.Clear();
            _rowId.SetInt64Value(stored.RowId);
            _sortKey.SetInt64Value(SortKeyOf(e.Time.UnixMilliseconds, e.Id));
            _channel.SetStringValue(e.Channel.ToLowerInvariant());
            _kind.SetStringValue(ModelNames.Of(e.Kind));
            _direction.SetStringValue(ModelNames.Of(e.Direction));
            _fields.Add(_rowId);
            _fields.Add(_sortKey);
            _fields.Add(_channel);
            _fields.Add(_kind);
            _fields.Add(_direction);
            Add(_text, e.Text);
            Add(_subject, e.Subject);
            Add(_names, e.Names.Count switch { 0 => null, 1 => e.Names.Values.First(), _ => string.Join(' ', e.Names.Values) });
            if (e.From is not null)
            {
                Add(_from, Party(e.From, e.Names));
            }

            if (e.To.Count > 0)
            {
                _sb.Clear();
                foreach (var to in e.To)
                {
                    _sb.Append(Party(to, e.Names)).Append(' ');
                }

                Add(_to, _sb.ToString());
            }

            if (e.Attachments.Count > 0)
            {
                _fields.Add(_has);
            }

            return _fields;
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

    /// <summary>The identifier and its display name, so <c>from:</c> matches either (as the FTS5 index did).</summary>
    private static string Party(string identifier, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(identifier, out var name) ? identifier + " " + name : identifier;
}
