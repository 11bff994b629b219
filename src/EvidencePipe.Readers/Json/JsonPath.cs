using System.Globalization;
using System.Text;

namespace EvidencePipe.Readers.Json;

/// <summary>
/// Where a value sits in a JSON document, as property names and array indexes from the root
/// (<c>chats.list[3].messages[12]</c>). Printed form doubles as a locator a person can follow.
/// </summary>
public sealed class JsonPath
{
    private readonly List<Segment> _segments = [];

    public int Depth => _segments.Count;

    /// <summary>The property name of segment <paramref name="i"/>, or null when it is an array index.</summary>
    public string? Name(int i) => _segments[i].Name;

    /// <summary>The array index of segment <paramref name="i"/>, or -1 when it is a property.</summary>
    public long Index(int i) => _segments[i].Index;

    /// <summary>True when the path is exactly these property names, with <c>"[]"</c> standing for any array index.</summary>
    public bool Is(params ReadOnlySpan<string> pattern)
    {
        if (pattern.Length != _segments.Count)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var segment = _segments[i];
            if (pattern[i] == "[]" ? segment.Name is not null : !string.Equals(segment.Name, pattern[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first <paramref name="depth"/> segments printed, e.g. <c>chats.list[0]</c>.</summary>
    public string ToString(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth && i < _segments.Count; i++)
        {
            var segment = _segments[i];
            if (segment.Name is null)
            {
                sb.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(segment.Name);
            }
        }

        return sb.Length == 0 ? "$" : sb.ToString();
    }

    public override string ToString() => ToString(_segments.Count);

    internal void Push(string? name, long index) => _segments.Add(new Segment(name, index));

    internal void Pop() => _segments.RemoveAt(_segments.Count - 1);

    private readonly record struct Segment(string? Name, long Index);
}
