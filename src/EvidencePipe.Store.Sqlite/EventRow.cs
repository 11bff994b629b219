using System.Text;
using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// An event with every text column it is stored under already encoded as UTF-8 (SQLite's text
/// encoding here), in one buffer: the event columns and the JSON list columns.
/// Built on a parse worker (<see cref="SqliteCaseWriter.Prepare"/>), so the single writer thread only
/// binds and steps; encoding on that thread was a third of its time (benchmarks/results).
/// </summary>
internal sealed unsafe class EventRow
{
    private readonly byte[] _utf8;

    // Start and length of each column in _utf8: one array (start at 2i, length at 2i+1, -1 for NULL), not two.
    private readonly int[] _spans;

    // The column values before encoding: one scratch array per parse worker thread, not one per event.
    [ThreadStatic]
    private static string?[]? t_values;

    private EventRow(CommunicationEvent e, ColumnCache cache)
    {
        Event = e;
        var t = e.Time;
        var values = t_values ??= new string?[(int)Column.Count];
        values[(int)Column.Id] = e.Id;
        values[(int)Column.Kind] = ModelNames.Of(e.Kind);
        values[(int)Column.Channel] = e.Channel;
        values[(int)Column.Direction] = ModelNames.Of(e.Direction);
        values[(int)Column.Basis] = t.BasisName;
        values[(int)Column.Zone] = t.Zone;
        values[(int)Column.Anomaly] = t.AnomalyName;
        values[(int)Column.From] = e.From;
        values[(int)Column.To] = cache.Identifiers(e.To);
        values[(int)Column.Names] = cache.Names(e.Names);
        values[(int)Column.Text] = e.Text;
        values[(int)Column.Subject] = e.Subject;
        values[(int)Column.CallStatus] = ModelNames.Of(e.CallStatus);
        values[(int)Column.Attachments] = e.Attachments.Count == 0 ? EmptyArray : StoredJson.Attachments(e.Attachments);
        values[(int)Column.Thread] = e.ThreadId;
        values[(int)Column.SourceSha] = e.Source.Sha256;
        values[(int)Column.SourcePath] = e.Source.Path;
        values[(int)Column.SourceFormat] = e.Source.Format;
        values[(int)Column.Locator] = e.Source.Locator;
        values[(int)Column.MessageId] = e.MessageId;

        var total = 0;
        foreach (var v in values)
        {
            total += v is null ? 0 : Encoding.UTF8.GetByteCount(v);
        }

        _utf8 = new byte[total];
        _spans = new int[2 * values.Length];
        var at = 0;
        for (var i = 0; i < values.Length; i++)
        {
            _spans[2 * i] = at;
            if (values[i] is { } v)
            {
                var length = Encoding.UTF8.GetBytes(v, _utf8.AsSpan(at));
                _spans[(2 * i) + 1] = length;
                at += length;
            }
            else
            {
                _spans[(2 * i) + 1] = -1;
            }
        }

        Array.Clear(values); // the scratch array must not keep the event's strings alive
    }

    /// <summary>The text columns, in the order they are encoded.</summary>
    private enum Column
    {
        Id, Kind, Channel, Direction, Basis, Zone, Anomaly, From, To, Names, Text, Subject, CallStatus, Attachments, Thread,
        SourceSha, SourcePath, SourceFormat, Locator, MessageId, Count,
    }

    public CommunicationEvent Event { get; }

    private const string EmptyArray = "[]";

    public static EventRow From(CommunicationEvent e, ColumnCache cache) => new(e, cache);

    /// <summary>
    /// Why <paramref name="e"/> cannot be stored, or null: a column the schema declares NOT NULL is missing (a
    /// reader bug). INSERT OR IGNORE would otherwise drop such a row without a word (https://sqlite.org/lang_conflict.html).
    /// </summary>
    public static string? Problem(CommunicationEvent e) =>
        string.IsNullOrEmpty(e.Id) ? "record has no event id"
        : e.Channel is null ? "record has no channel"
        : e.Source is null ? "record has no source"
        : e.Source.Sha256 is null || e.Source.Path is null || e.Source.Format is null || e.Source.Locator is null ? "record's source reference is incomplete"
        : null;

    /// <summary>
    /// Runs <paramref name="statement"/> (the writer's INSERT or UPDATE of <c>events</c>, 25 parameters in
    /// column order) with this row bound; returns the rows changed. The text is bound in place, pinned.
    /// </summary>
    /// <param name="rowId">Bound as <c>?26</c> when given (the row an UPDATE rewrites).</param>
    public int ExecuteEvent(RawStatement statement, long? rowId = null)
    {
        var e = Event;
        var t = e.Time;
        fixed (byte* p = _utf8)
        {
            Text(statement, p, 1, Column.Id);
            Text(statement, p, 2, Column.Kind);
            Text(statement, p, 3, Column.Channel);
            Text(statement, p, 4, Column.Direction);
            statement.Int(5, t.UnixMilliseconds).Int(6, (int)t.Offset.TotalMinutes);
            Text(statement, p, 7, Column.Basis);
            Text(statement, p, 8, Column.Zone);
            Text(statement, p, 9, Column.Anomaly);
            Text(statement, p, 10, Column.From);
            Text(statement, p, 11, Column.To);
            Text(statement, p, 12, Column.Names);
            Text(statement, p, 13, Column.Text);
            Text(statement, p, 14, Column.Subject);
            statement.Int(15, e.DurationSeconds);
            Text(statement, p, 16, Column.CallStatus);
            Text(statement, p, 17, Column.Attachments);
            statement.Real(18, e.Geo?.Latitude).Real(19, e.Geo?.Longitude);
            Text(statement, p, 20, Column.Thread);
            Text(statement, p, 21, Column.SourceSha);
            Text(statement, p, 22, Column.SourcePath);
            Text(statement, p, 23, Column.SourceFormat);
            Text(statement, p, 24, Column.Locator);
            Text(statement, p, 25, Column.MessageId);
            if (rowId is { } row)
            {
                statement.Int(26, row);
            }

            return statement.Execute();
        }
    }

    private void Text(RawStatement statement, byte* buffer, int index, Column column) =>
        statement.Utf8(index, buffer + _spans[2 * (int)column], _spans[(2 * (int)column) + 1]);

    /// <summary>
    /// The JSON of the list columns for the parties a batch keeps repeating (the owner, the same
    /// correspondent message after message): serialised once per batch, not once per event.
    /// </summary>
    public sealed class ColumnCache
    {
        private readonly Dictionary<string, string> _identifiers = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string, string?, string?), string> _names = [];

        public string Identifiers(IReadOnlyList<string> identifiers)
        {
            switch (identifiers.Count)
            {
                case 0:
                    return EmptyArray;
                case 1:
                    if (!_identifiers.TryGetValue(identifiers[0], out var json) && _identifiers.Count < MaxEntries)
                    {
                        _identifiers[identifiers[0]] = json = StoredJson.Identifiers(identifiers);
                    }

                    return json ?? StoredJson.Identifiers(identifiers);
                default:
                    return StoredJson.Identifiers(identifiers);
            }
        }

        public string Names(IReadOnlyDictionary<string, string> names)
        {
            if (names.Count == 0)
            {
                return "{}";
            }

            if (names.Count > 2)
            {
                return StoredJson.Names(names);
            }

            // One or two names (a message's sender and the owner): the pairs as the dictionary holds them are the key.
            (string, string, string?, string?) key = (string.Empty, string.Empty, null, null);
            var n = 0;
            foreach (var (identifier, name) in names)
            {
                key = n++ == 0 ? (identifier, name, null, null) : (key.Item1, key.Item2, identifier, name);
            }

            if (!_names.TryGetValue(key, out var json) && _names.Count < MaxEntries)
            {
                _names[key] = json = StoredJson.Names(names);
            }

            return json ?? StoredJson.Names(names);
        }

        private const int MaxEntries = 1024;
    }
}
