using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Tolerant column getters. SQLite columns are dynamically typed ("Datatypes In SQLite" §3): an
/// INTEGER column may hold text or a real, a TEXT column a blob, so every value is read by what
/// it holds, and a value that cannot be the wanted type comes back as null (the caller says why).
/// </summary>
internal static class DbValues
{
    public static long? Long(SqliteDataReader row, string column)
    {
        var value = row[column];
        return value switch
        {
            long l => l,
            double d when !double.IsNaN(d) && d >= long.MinValue && d <= long.MaxValue => (long)d,
            string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ => null,
        };
    }

    public static double? Double(SqliteDataReader row, string column)
    {
        var value = row[column];
        return value switch
        {
            long l => l,
            double d when !double.IsNaN(d) => d,
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    public static int? Int(SqliteDataReader row, string column) => Long(row, column) is { } l && l is >= int.MinValue and <= int.MaxValue ? (int)l : null;

    /// <summary>Text; a blob is decoded as UTF-8 (older iOS CallHistory stores ZADDRESS as a blob).</summary>
    public static string? Text(SqliteDataReader row, string column)
    {
        var value = row[column];
        return value switch
        {
            string s => s,
            byte[] b => Encoding.UTF8.GetString(b).TrimEnd('\0'),
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>Non-empty trimmed text or null.</summary>
    public static string? NonEmpty(SqliteDataReader row, string column) => Text(row, column) is { } s && s.Trim().Length > 0 ? s.Trim() : null;

    public static byte[]? Blob(SqliteDataReader row, string column) => row[column] switch
    {
        byte[] b => b,
        string s => Encoding.UTF8.GetBytes(s),
        _ => null,
    };

    public static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        byte[] b => $"a {b.Length}-byte blob",
        string s => "'" + (s.Length > 40 ? s[..40] + "…" : s) + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    public static string Raw(SqliteDataReader row, string column) => Describe(row[column]);
}
