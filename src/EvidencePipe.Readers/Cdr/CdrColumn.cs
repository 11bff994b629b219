using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// A column of a CDR file, by header name (<c>"correspondent_id"</c>) or by 0-based position
/// (<c>3</c>) for files without a header. In a mapping file it is a JSON string or number.
/// </summary>
[JsonConverter(typeof(CdrColumnConverter))]
public sealed record CdrColumn
{
    private CdrColumn(string? name, int? index)
    {
        Name = name;
        Index = index;
    }

    public string? Name { get; }

    public int? Index { get; }

    public static CdrColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new CdrColumn(name.Trim(), null);
    }

    public static CdrColumn At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new CdrColumn(null, index);
    }

    public override string ToString() => Name is not null ? $"'{Name}'" : string.Create(CultureInfo.InvariantCulture, $"#{Index}");
}

internal sealed class CdrColumnConverter : JsonConverter<CdrColumn>
{
    public override CdrColumn Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var index) && index >= 0 => CdrColumn.At(index),
        JsonTokenType.String when reader.GetString() is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) => CdrColumn.Named(name),
        _ => throw new JsonException("a column is a header name (string) or a 0-based position (number)"),
    };

    public override void Write(Utf8JsonWriter writer, CdrColumn value, JsonSerializerOptions options)
    {
        if (value.Index is { } index)
        {
            writer.WriteNumberValue(index);
        }
        else
        {
            writer.WriteStringValue(value.Name);
        }
    }
}
