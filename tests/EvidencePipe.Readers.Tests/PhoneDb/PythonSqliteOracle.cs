using System.Text.Json;

namespace EvidencePipe.Readers.Tests.PhoneDb;

/// <summary>
/// An independent oracle: a Python script using only the standard library (sqlite3, base64, html,
/// json) reads the same database and prints the expected values as one JSON array of objects.
/// </summary>
internal static class PythonSqliteOracle
{
    public static List<Dictionary<string, JsonElement>> Rows(string script, string database) =>
        JsonSerializer.Deserialize<List<Dictionary<string, JsonElement>>>(PythonOracle.Run("-c", script, database))!;

    public static string? Str(this Dictionary<string, JsonElement> row, string key) =>
        row[key].ValueKind == JsonValueKind.Null ? null : row[key].GetString();

    public static long? Long(this Dictionary<string, JsonElement> row, string key) =>
        row[key].ValueKind == JsonValueKind.Null ? null : row[key].GetInt64();

    public static List<string> List(this Dictionary<string, JsonElement> row, string key) =>
        [.. row[key].EnumerateArray().Select(e => e.GetString()!)];
}
