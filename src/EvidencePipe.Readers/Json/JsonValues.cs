using System.Globalization;
using System.Text.Json;

namespace EvidencePipe.Readers.Json;

/// <summary>Tolerant accessors for the loosely typed values app exports write (numbers as strings and the like).</summary>
public static class JsonValues
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A string property, or a number's raw text; null when absent, null or another kind.</summary>
    public static string? String(this JsonElement element, string name) => element.Property(name) is { } value ? AsString(value) : null;

    public static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>An integer written as a JSON number or as a string of digits (Telegram's <c>date_unixtime</c>).</summary>
    public static long? Int64(this JsonElement element, string name)
    {
        if (element.Property(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            return n;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue && Math.Floor(d) == d)
        {
            return (long)d;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    public static double? Double(this JsonElement element, string name)
    {
        if (element.Property(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d))
        {
            return d;
        }

        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    /// <summary>The elements of an array property; empty when absent or not an array.</summary>
    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
}
