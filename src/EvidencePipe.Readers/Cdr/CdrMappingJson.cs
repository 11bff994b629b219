using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Compile-time (source-generated) JSON for a <c>--cdr-map</c> file: the same options the reader has
/// always used (camelCase names, matched ignoring case, comments and trailing commas allowed, unknown
/// members refused), without the reflection-based serializer, so the CLI can be published as Native AOT
/// (https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/source-generation).
/// The file is read into <see cref="CdrMappingFile"/> (settable properties), not into the
/// <see cref="CdrMapping"/> record: generated code sets every init-only property, so a member the file
/// leaves out would lose its default (<c>delimiter</c> "," would become null; dotnet/runtime#84484).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CdrMappingFile))]
internal sealed partial class CdrMappingJson : JsonSerializerContext;

/// <summary>A mapping file as written: <see cref="CdrMapping"/>'s members, each defaulting as it does.</summary>
internal sealed class CdrMappingFile
{
    private static readonly CdrMapping Defaults = new() { Name = "", Start = CdrColumn.At(0) };

    public required string Name { get; set; }

    public string Delimiter { get; set; } = Defaults.Delimiter;

    public bool HasHeader { get; set; } = Defaults.HasHeader;

    public CdrColumn? Subject { get; set; }

    public CdrColumn? Caller { get; set; }

    public CdrColumn? Callee { get; set; }

    public CdrColumn? Correspondent { get; set; }

    public CdrColumn? Direction { get; set; }

    public required CdrColumn Start { get; set; }

    public IReadOnlyList<string> StartFormats { get; set; } = Defaults.StartFormats;

    public string? TimeZone { get; set; }

    public string? UtcOffset { get; set; }

    public CdrColumn? Duration { get; set; }

    public CdrColumn? Type { get; set; }

    public CdrColumn? Cell { get; set; }

    public CdrColumn? Latitude { get; set; }

    public CdrColumn? Longitude { get; set; }

    public IReadOnlyDictionary<string, string> DirectionValues { get; set; } = Defaults.DirectionValues;

    public IReadOnlyDictionary<string, string> TypeValues { get; set; } = Defaults.TypeValues;

    public CdrAntennaTableFile? Antennas { get; set; }

    public CdrMapping ToMapping() => new()
    {
        Name = Name, Delimiter = Delimiter, HasHeader = HasHeader,
        Subject = Subject, Caller = Caller, Callee = Callee, Correspondent = Correspondent, Direction = Direction,
        Start = Start, StartFormats = StartFormats, TimeZone = TimeZone, UtcOffset = UtcOffset,
        Duration = Duration, Type = Type, Cell = Cell, Latitude = Latitude, Longitude = Longitude,
        DirectionValues = DirectionValues, TypeValues = TypeValues, Antennas = Antennas?.ToTable(),
    };
}

/// <summary>An <c>antennas</c> entry as written: <see cref="CdrAntennaTable"/>'s members, each defaulting as it does.</summary>
internal sealed class CdrAntennaTableFile
{
    private static readonly CdrAntennaTable Defaults = new() { File = "" };

    public required string File { get; set; }

    public string Delimiter { get; set; } = Defaults.Delimiter;

    public CdrColumn Id { get; set; } = Defaults.Id;

    public CdrColumn Latitude { get; set; } = Defaults.Latitude;

    public CdrColumn Longitude { get; set; } = Defaults.Longitude;

    public CdrAntennaTable ToTable() => new() { File = File, Delimiter = Delimiter, Id = Id, Latitude = Latitude, Longitude = Longitude };
}
