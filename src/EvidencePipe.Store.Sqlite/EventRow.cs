using System.Text;
using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>
/// An event with every text column it is stored under already encoded as UTF-8 (SQLite's text
/// encoding here), in one buffer: the event columns, the JSON list columns and the FTS5 party text.
/// Built on a parse worker (<see cref="SqliteCaseWriter.Prepare"/>), so the single writer thread only
/// binds and steps; encoding on that thread was a third of its time (benchmarks/results).
/// </summary>
internal sealed class EventRow
{
    private readonly byte[] _utf8;
    private readonly int[] _start;
    private readonly int[] _length;

    private EventRow(CommunicationEvent e)
    {
        Event = e;
        var t = e.Time;
        string?[] values = new string?[(int)Column.Count];
        values[(int)Column.Id] = e.Id;
        values[(int)Column.Kind] = ModelNames.Of(e.Kind);
        values[(int)Column.Channel] = e.Channel;
        values[(int)Column.Direction] = ModelNames.Of(e.Direction);
        values[(int)Column.Basis] = t.BasisName;
        values[(int)Column.Zone] = t.Zone;
        values[(int)Column.Anomaly] = t.AnomalyName;
        values[(int)Column.From] = e.From;
        values[(int)Column.To] = StoredJson.Identifiers(e.To);
        values[(int)Column.Names] = StoredJson.Names(e.Names);
        values[(int)Column.Text] = e.Text;
        values[(int)Column.Subject] = e.Subject;
        values[(int)Column.CallStatus] = ModelNames.Of(e.CallStatus);
        values[(int)Column.Attachments] = StoredJson.Attachments(e.Attachments);
        values[(int)Column.Thread] = e.ThreadId;
        values[(int)Column.SourceSha] = e.Source.Sha256;
        values[(int)Column.SourcePath] = e.Source.Path;
        values[(int)Column.SourceFormat] = e.Source.Format;
        values[(int)Column.Locator] = e.Source.Locator;
        values[(int)Column.MessageId] = e.MessageId;
        values[(int)Column.FtsNames] = e.Names.Count == 0 ? string.Empty : string.Join(' ', e.Names.Values);
        values[(int)Column.FtsFrom] = Party(e.From, e.Names);
        values[(int)Column.FtsTo] = Parties(e.To, e.Names);

        var total = 0;
        foreach (var v in values)
        {
            total += v is null ? 0 : Encoding.UTF8.GetByteCount(v);
        }

        _utf8 = new byte[total];
        _start = new int[values.Length];
        _length = new int[values.Length];
        var at = 0;
        for (var i = 0; i < values.Length; i++)
        {
            _start[i] = at;
            if (values[i] is { } v)
            {
                _length[i] = Encoding.UTF8.GetBytes(v, _utf8.AsSpan(at));
                at += _length[i];
            }
            else
            {
                _length[i] = -1;
            }
        }
    }

    /// <summary>The text columns, in the order they are encoded.</summary>
    private enum Column
    {
        Id, Kind, Channel, Direction, Basis, Zone, Anomaly, From, To, Names, Text, Subject, CallStatus, Attachments, Thread,
        SourceSha, SourcePath, SourceFormat, Locator, MessageId, FtsNames, FtsFrom, FtsTo, Count,
    }

    public CommunicationEvent Event { get; }

    public static EventRow From(CommunicationEvent e) => new(e);

    /// <summary>Binds the 25 <c>events</c> columns in the order of the writer's INSERT and UPDATE.</summary>
    public void BindEvent(RawStatement s)
    {
        var e = Event;
        var t = e.Time;
        Text(s, 1, Column.Id);
        Text(s, 2, Column.Kind);
        Text(s, 3, Column.Channel);
        Text(s, 4, Column.Direction);
        s.Int(5, t.UnixMilliseconds).Int(6, (int)t.Offset.TotalMinutes);
        Text(s, 7, Column.Basis);
        Text(s, 8, Column.Zone);
        Text(s, 9, Column.Anomaly);
        Text(s, 10, Column.From);
        Text(s, 11, Column.To);
        Text(s, 12, Column.Names);
        Text(s, 13, Column.Text);
        Text(s, 14, Column.Subject);
        s.Int(15, e.DurationSeconds);
        Text(s, 16, Column.CallStatus);
        Text(s, 17, Column.Attachments);
        s.Real(18, e.Geo?.Latitude).Real(19, e.Geo?.Longitude);
        Text(s, 20, Column.Thread);
        Text(s, 21, Column.SourceSha);
        Text(s, 22, Column.SourcePath);
        Text(s, 23, Column.SourceFormat);
        Text(s, 24, Column.Locator);
        Text(s, 25, Column.MessageId);
    }

    /// <summary>Binds the FTS5 row: rowid, text, subject, names, from_f, to_f.</summary>
    public void BindFts(RawStatement s, long rowid)
    {
        s.Int(1, rowid);
        Text(s, 2, Column.Text);
        Text(s, 3, Column.Subject);
        Text(s, 4, Column.FtsNames);
        Text(s, 5, Column.FtsFrom);
        Text(s, 6, Column.FtsTo);
    }

    private void Text(RawStatement s, int index, Column column)
    {
        var length = _length[(int)column];
        s.Utf8(index, length < 0 ? null : _utf8.AsSpan(_start[(int)column], length), length < 0);
    }

    /// <summary>The identifier and its display name as FTS text, so <c>from:</c> matches either.</summary>
    private static string? Party(string? identifier, IReadOnlyDictionary<string, string> names) =>
        identifier is null ? null : names.TryGetValue(identifier, out var name) ? identifier + " " + name : identifier;

    private static string Parties(IReadOnlyList<string> identifiers, IReadOnlyDictionary<string, string> names)
    {
        var sb = new StringBuilder();
        foreach (var id in identifiers)
        {
            sb.Append(Party(id, names)).Append(' ');
        }

        return sb.ToString();
    }
}
