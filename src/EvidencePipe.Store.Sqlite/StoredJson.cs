using System.Text.Json;
using EvidencePipe.Export;
using EvidencePipe.Model;

namespace EvidencePipe.Store.Sqlite;

/// <summary>Deterministic JSON for the list-valued event columns (stable field order, no whitespace).</summary>
internal static class StoredJson
{
    public static string Identifiers(IReadOnlyList<string> values) => EventJson.Build(w =>
    {
        w.WriteStartArray();
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    });

    public static string Names(IReadOnlyDictionary<string, string> names) => EventJson.Build(w =>
    {
        w.WriteStartObject();
        foreach (var (k, v) in names.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    });

    public static string Attachments(IReadOnlyList<Attachment> attachments) => EventJson.Build(w => EventJson.WriteAttachments(w, attachments));

    public static IReadOnlyList<string> ReadIdentifiers(string json) => JsonSerializer.Deserialize(json, ListJson.Default.StringArray) ?? [];

    public static IReadOnlyDictionary<string, string> ReadNames(string json) =>
        new SortedDictionary<string, string>(JsonSerializer.Deserialize(json, ListJson.Default.DictionaryStringString) ?? [], StringComparer.Ordinal);

    public static IReadOnlyList<Attachment> ReadAttachments(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = new List<Attachment>();
        foreach (var a in doc.RootElement.EnumerateArray())
        {
            list.Add(new Attachment(
                a.GetProperty("name").GetString(),
                a.GetProperty("media_type").GetString(),
                a.GetProperty("size").GetInt64(),
                a.GetProperty("sha256").GetString()));
        }

        return list;
    }
}
